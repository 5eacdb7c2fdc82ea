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

export function RenameProjectSection({ projectId, name, role }: { projectId: string; name: string; role: Role }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [value, setValue] = useState(name);
  const canEdit = hasRole(role, "ADMIN");
  const rename = useMutation(
    trpc.projects.rename.mutationOptions({
      onSuccess: async (p) => {
        setValue(p.name);
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.projects.pathKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.organizations.list.queryKey() }),
        ]);
        toast.success("Project renamed");
      },
    }),
  );
  const errors = formErrors(rename.error, ["name"]);

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    rename.mutate({ projectId, name: value });
  }

  return (
    <Card aria-labelledby="project-general-heading">
      <form onSubmit={onSubmit} noValidate>
        <CardHeader id="project-general-heading" title="General" />
        <CardBody className="space-y-4">
          <FormError>{errors.form}</FormError>
          <Field
            id="project-rename"
            label="Project name"
            error={errors.fields.name}
            hint={canEdit ? undefined : "Only admins and owners can rename the project."}
            className="max-w-md"
          >
            <Input
              {...fieldProps("project-rename", errors.fields.name, canEdit ? undefined : "hint")}
              value={value}
              onChange={(e) => setValue(e.target.value)}
              disabled={!canEdit}
              maxLength={80}
            />
          </Field>
          <p className="text-xs text-slate-500">
            Project ID <code className="rounded bg-slate-100 px-1 py-0.5 font-mono text-slate-700">{projectId}</code>
          </p>
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
