"use client";
import { useMutation } from "@tanstack/react-query";
import { signIn } from "next-auth/react";
import { useState, type FormEvent } from "react";
import { Button } from "~/components/ui/button";
import { Field, fieldProps } from "~/components/ui/field";
import { FormError } from "~/components/ui/form-error";
import { Input } from "~/components/ui/input";
import { formErrors } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";

const FIELDS = ["name", "email", "password"] as const;

export function SignUpForm({ callbackUrl }: { callbackUrl: string }) {
  const trpc = useTRPC();
  const [signInError, setSignInError] = useState<string>();
  const [redirecting, setRedirecting] = useState(false);
  const signUp = useMutation(trpc.auth.signUp.mutationOptions());
  const errors = formErrors(signUp.error, FIELDS);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setSignInError(undefined);
    const data = new FormData(e.currentTarget);
    const input = {
      name: String(data.get("name") ?? ""),
      email: String(data.get("email") ?? ""),
      password: String(data.get("password") ?? ""),
    };
    try {
      await signUp.mutateAsync(input);
    } catch {
      return; // shown inline from signUp.error
    }
    setRedirecting(true);
    const res = await signIn("credentials", { email: input.email, password: input.password, redirect: false }).catch(
      () => undefined,
    );
    if (!res?.ok || res.error) {
      setRedirecting(false);
      setSignInError("Your account was created, but signing in failed. Please sign in.");
      return;
    }
    window.location.assign(callbackUrl);
  }

  const e = errors.fields;
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      <FormError>{errors.form ?? signInError}</FormError>
      <Field id="name" label="Name" error={e.name}>
        <Input {...fieldProps("name", e.name)} name="name" autoComplete="name" autoFocus placeholder="Ada Lovelace" />
      </Field>
      <Field id="email" label="Work email" error={e.email}>
        <Input {...fieldProps("email", e.email)} name="email" type="email" autoComplete="email" placeholder="you@company.com" />
      </Field>
      <Field id="password" label="Password" hint="At least 8 characters." error={e.password}>
        <Input {...fieldProps("password", e.password, "At least 8 characters.")} name="password" type="password" autoComplete="new-password" />
      </Field>
      <Button type="submit" size="lg" className="w-full" loading={signUp.isPending || redirecting}>
        Create account
      </Button>
    </form>
  );
}
