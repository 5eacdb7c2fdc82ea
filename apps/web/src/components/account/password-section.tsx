"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { PASSWORD_HINT } from "~/components/auth/sign-up-form";
import { Button } from "~/components/ui/button";
import { Card, CardBody, CardFooter, CardHeader } from "~/components/ui/card";
import { Field, fieldProps } from "~/components/ui/field";
import { FormError } from "~/components/ui/form-error";
import { Input } from "~/components/ui/input";
import { useToast } from "~/components/ui/toast";
import { pluralize } from "~/lib/format";
import { formErrors } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";

const FIELDS = ["currentPassword", "newPassword"] as const;

export function PasswordSection() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [mismatch, setMismatch] = useState<string>();
  const change = useMutation(
    trpc.account.changePassword.mutationOptions({
      onSuccess: async ({ otherSessionsEnded }) => {
        await queryClient.invalidateQueries({ queryKey: trpc.account.sessions.queryKey() });
        toast.success(
          otherSessionsEnded
            ? `Password changed. ${pluralize(otherSessionsEnded, "other session")} signed out.`
            : "Password changed.",
        );
      },
    }),
  );
  const errors = formErrors(change.error, FIELDS);

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    const newPassword = String(data.get("newPassword") ?? "");
    if (newPassword !== String(data.get("confirmPassword") ?? "")) {
      setMismatch("The two new passwords differ");
      return;
    }
    setMismatch(undefined);
    change.mutate(
      { currentPassword: String(data.get("currentPassword") ?? ""), newPassword },
      { onSuccess: () => form.reset() },
    );
  }

  const f = errors.fields;
  return (
    <Card aria-labelledby="password-heading">
      <form onSubmit={onSubmit} noValidate>
        <CardHeader
          id="password-heading"
          title="Password"
          description="Changing it signs out every other device; this one stays signed in."
        />
        <CardBody className="max-w-md space-y-4">
          <FormError>{errors.form}</FormError>
          <Field id="currentPassword" label="Current password" error={f.currentPassword}>
            <Input
              {...fieldProps("currentPassword", f.currentPassword)}
              name="currentPassword"
              type="password"
              autoComplete="current-password"
            />
          </Field>
          <Field id="newPassword" label="New password" hint={PASSWORD_HINT} error={f.newPassword}>
            <Input
              {...fieldProps("newPassword", f.newPassword, PASSWORD_HINT)}
              name="newPassword"
              type="password"
              autoComplete="new-password"
            />
          </Field>
          <Field id="confirmPassword" label="Confirm new password" error={mismatch}>
            <Input
              {...fieldProps("confirmPassword", mismatch)}
              name="confirmPassword"
              type="password"
              autoComplete="new-password"
            />
          </Field>
        </CardBody>
        <CardFooter>
          <Button type="submit" loading={change.isPending}>
            Change password
          </Button>
        </CardFooter>
      </form>
    </Card>
  );
}
