"use client";
import { signIn } from "next-auth/react";
import { useState, type FormEvent } from "react";
import { Button } from "~/components/ui/button";
import { Field, fieldProps } from "~/components/ui/field";
import { FormError } from "~/components/ui/form-error";
import { Input } from "~/components/ui/input";

type TErrors = { email?: string; password?: string; form?: string };

export function SignInForm({ callbackUrl }: { callbackUrl: string }) {
  const [errors, setErrors] = useState<TErrors>({});
  const [pending, setPending] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    const email = String(data.get("email") ?? "").trim();
    const password = String(data.get("password") ?? "");
    const next: TErrors = {};
    if (!email) next.email = "Email is required";
    if (!password) next.password = "Password is required";
    setErrors(next);
    if (next.email || next.password) return;

    setPending(true);
    try {
      const res = await signIn("credentials", { email, password, redirect: false });
      if (!res?.ok || res.error) {
        const wait = /^rate_limited_(\d+)$/.exec(res?.code ?? "")?.[1];
        setErrors({ form: wait ? `Too many attempts, try again in ${wait} s.` : "Wrong email or password." });
        setPending(false);
        return;
      }
      // A full navigation, so every server component sees the new session cookie.
      window.location.assign(callbackUrl);
    } catch {
      setErrors({ form: "Can't reach the server. Check your connection and try again." });
      setPending(false);
    }
  }

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      <FormError>{errors.form}</FormError>
      <Field id="email" label="Email" error={errors.email}>
        <Input
          {...fieldProps("email", errors.email)}
          name="email"
          type="email"
          autoComplete="email"
          autoFocus
          placeholder="you@company.com"
        />
      </Field>
      <Field id="password" label="Password" error={errors.password}>
        <Input
          {...fieldProps("password", errors.password)}
          name="password"
          type="password"
          autoComplete="current-password"
        />
      </Field>
      <Button type="submit" size="lg" className="w-full" loading={pending}>
        Sign in
      </Button>
    </form>
  );
}
