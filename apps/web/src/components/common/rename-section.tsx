"use client";
import type { QueryKey, UseMutationOptions } from "@tanstack/react-query";
import { useState, type FormEvent, type ReactNode } from "react";
import { Button } from "~/components/ui/button";
import { Card, CardBody, CardFooter, CardHeader } from "~/components/ui/card";
import { Field, fieldProps } from "~/components/ui/field";
import { FormError } from "~/components/ui/form-error";
import { Input } from "~/components/ui/input";
import { useToast } from "~/components/ui/toast";
import { capitalize } from "~/lib/format";
import { hasRole, type Role } from "~/lib/roles";
import { formErrors } from "~/lib/trpc-errors";
import { useInvalidatingMutation } from "./use-invalidating-mutation";

/**
 * The "General" card of a settings page: the name of an organization or project, which admins
 * rename through `mutation` (a tRPC `mutationOptions()`); then `invalidate` is refetched.
 */
export function RenameSection<TData extends { name: string }, TError, TVars, TContext>({
  idPrefix,
  noun,
  description,
  name,
  role,
  mutation,
  variables,
  invalidate,
  children,
}: {
  idPrefix: string;
  /** "organization", "project": used in the label, hint and toast. */
  noun: string;
  description?: string;
  name: string;
  role: Role;
  mutation: UseMutationOptions<TData, TError, TVars, TContext>;
  variables: (name: string) => TVars;
  invalidate: QueryKey[];
  /** Shown under the field. */
  children?: ReactNode;
}) {
  const toast = useToast();
  const [value, setValue] = useState(name);
  const canEdit = hasRole(role, "ADMIN");
  const rename = useInvalidatingMutation(mutation, invalidate, (saved) => {
    setValue(saved.name);
    toast.success(`${capitalize(noun)} renamed`);
  });
  const errors = formErrors(rename.error, ["name"]);
  const inputId = `${idPrefix}-rename`;

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    rename.mutate(variables(value));
  }

  return (
    <Card aria-labelledby={`${idPrefix}-general-heading`}>
      <form onSubmit={onSubmit} noValidate>
        <CardHeader id={`${idPrefix}-general-heading`} title="General" description={description} />
        <CardBody className="space-y-4">
          <FormError>{errors.form}</FormError>
          <Field
            id={inputId}
            label={`${capitalize(noun)} name`}
            error={errors.fields.name}
            hint={canEdit ? "Up to 80 characters" : `Only admins and owners can rename the ${noun}.`}
            className="max-w-md"
          >
            <Input
              {...fieldProps(inputId, errors.fields.name, "hint")}
              value={value}
              onChange={(e) => setValue(e.target.value)}
              disabled={!canEdit}
            />
          </Field>
          {children}
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
