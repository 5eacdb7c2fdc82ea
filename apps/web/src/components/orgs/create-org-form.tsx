"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import type { FormEvent } from "react";
import { Button, LinkButton } from "~/components/ui/button";
import { Card, CardBody, CardFooter } from "~/components/ui/card";
import { Field, fieldProps } from "~/components/ui/field";
import { FormError } from "~/components/ui/form-error";
import { Input } from "~/components/ui/input";
import { formErrors } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";

export function CreateOrgForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const create = useMutation(
    trpc.organizations.create.mutationOptions({
      onSuccess: async (org) => {
        await queryClient.invalidateQueries({ queryKey: trpc.organizations.list.queryKey() });
        router.push(`/orgs/${org.id}`);
      },
    }),
  );
  const errors = formErrors(create.error, ["name"]);

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    create.mutate({ name: String(new FormData(e.currentTarget).get("name") ?? "") });
  }

  return (
    <Card>
      <form onSubmit={onSubmit} noValidate>
        <CardBody className="space-y-4 py-6">
          <FormError>{errors.form}</FormError>
          <Field
            id="org-name"
            label="Organization name"
            hint="Usually your company or team name, up to 80 characters. You can change it later."
            error={errors.fields.name}
          >
            <Input
              {...fieldProps("org-name", errors.fields.name, "hint")}
              name="name"
              autoFocus
              placeholder="Acme Inc."
              autoComplete="organization"
            />
          </Field>
        </CardBody>
        <CardFooter>
          <LinkButton href="/orgs" variant="ghost">
            Cancel
          </LinkButton>
          <Button type="submit" loading={create.isPending || create.isSuccess}>
            Create organization
          </Button>
        </CardFooter>
      </form>
    </Card>
  );
}
