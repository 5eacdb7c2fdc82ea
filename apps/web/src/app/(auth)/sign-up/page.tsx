import Link from "next/link";
import { redirect } from "next/navigation";
import { auth } from "~/auth";
import { AuthCard } from "~/components/auth/auth-card";
import { OAuthButtons } from "~/components/auth/oauth-buttons";
import { SignUpForm } from "~/components/auth/sign-up-form";
import { oauthProviders } from "~/env";
import { safeCallbackUrl, withCallbackUrl } from "~/lib/callback-url";

export const metadata = { title: "Create account" };

export default async function SignUpPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const callbackUrl = safeCallbackUrl((await searchParams).callbackUrl);
  if (await auth()) redirect(callbackUrl);
  const invited = callbackUrl.startsWith("/invite/");
  return (
    <AuthCard
      title="Create your account"
      subtitle={
        invited
          ? "Use the email your invitation was sent to, then accept the invitation."
          : "Start evaluating your LLM features in minutes."
      }
      footer={
        <>
          Already have an account?{" "}
          <Link
            href={withCallbackUrl("/sign-in", callbackUrl)}
            className="font-medium text-indigo-600 hover:text-indigo-500"
          >
            Sign in
          </Link>
        </>
      }
    >
      <SignUpForm callbackUrl={callbackUrl} />
      <OAuthButtons {...oauthProviders()} callbackUrl={callbackUrl} />
    </AuthCard>
  );
}
