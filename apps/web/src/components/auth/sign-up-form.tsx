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
export const PASSWORD_HINT = "At least 10 characters, and not a common password.";

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
      // Sign-up answers alike for new and registered emails; if this email already had an
      // account, its own password is needed. Say so without saying which case this is.
      setRedirecting(false);
      const wait = /^rate_limited_(\d+)$/.exec(res?.code ?? "")?.[1];
      setSignInError(
        wait
          ? `Too many attempts, try again in ${wait} s.`
          : "We couldn't sign you in with these details. If you already have an account with this email, sign in with its password.",
      );
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
        <Input
          {...fieldProps("email", e.email)}
          name="email"
          type="email"
          autoComplete="email"
          placeholder="you@company.com"
        />
      </Field>
      <Field id="password" label="Password" hint={PASSWORD_HINT} error={e.password}>
        <Input
          {...fieldProps("password", e.password, PASSWORD_HINT)}
          name="password"
          type="password"
          autoComplete="new-password"
        />
      </Field>
      <Button type="submit" size="lg" className="w-full" loading={signUp.isPending || redirecting}>
        Create account
      </Button>
    </form>
  );
}
