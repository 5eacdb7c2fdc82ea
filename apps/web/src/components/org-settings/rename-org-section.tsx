"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Button } from "~/components/ui/button";
import { Card, CardBody, CardFooter, CardHeader } from "~/components/ui/card";
import { Field, fieldProps } from "~/components/ui/field";
import { FormError } from "~/components/ui/form-error";
import { Input } from "~/components/ui/input";
import { useToast } from "~/components/ui/toast";
import { hasRole, type Role } from "~/lib/roles";
import { formErrors } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";

export function RenameOrgSection({ organizationId, name, role }: { organizationId: string; name: string; role: Role }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [value, setValue] = useState(name);
  const canEdit = hasRole(role, "ADMIN");
  const rename = useMutation(
    trpc.organizations.rename.mutationOptions({
      onSuccess: async (org) => {
        setValue(org.name);
        await queryClient.invalidateQueries({ queryKey: trpc.organizations.pathKey() });
        toast.success("Organization renamed");
      },
    }),
  );
  const errors = formErrors(rename.error, ["name"]);

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    rename.mutate({ organizationId, name: value });
  }

  return (
    <Card aria-labelledby="general-heading">
      <form onSubmit={onSubmit} noValidate>
        <CardHeader id="general-heading" title="General" description="The name your team sees across Yardstick." />
        <CardBody className="space-y-4">
          <FormError>{errors.form}</FormError>
          <Field
            id="org-rename"
            label="Organization name"
            error={errors.fields.name}
            hint={canEdit ? undefined : "Only admins and owners can rename the organization."}
            className="max-w-md"
          >
            <Input
              {...fieldProps("org-rename", errors.fields.name, canEdit ? undefined : "hint")}
              value={value}
              onChange={(e) => setValue(e.target.value)}
              disabled={!canEdit}
              maxLength={80}
            />
          </Field>
        </CardBody>
        {canEdit && (
          <CardFooter>
            <Button type="submit" loading={rename.isPending} disabled={value.trim() === name}>
              Save
            </Button>
          </CardFooter>
        )}
      </form>
    </Card>
  );
}
