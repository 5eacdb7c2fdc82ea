import Link from "next/link";
import { redirect } from "next/navigation";
import { auth } from "~/auth";
import { AuthCard } from "~/components/auth/auth-card";
import { OAuthButtons } from "~/components/auth/oauth-buttons";
import { SignInForm } from "~/components/auth/sign-in-form";
import { oauthProviders } from "~/env";
import { safeCallbackUrl, withCallbackUrl } from "~/lib/callback-url";

export const metadata = { title: "Sign in" };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const callbackUrl = safeCallbackUrl((await searchParams).callbackUrl);
  if (await auth()) redirect(callbackUrl);
  const invited = callbackUrl.startsWith("/invite/");
  return (
    <AuthCard
      title="Sign in to Yardstick"
      subtitle={
        invited
          ? "Sign in with the email your invitation was sent to, or create an account with it."
          : "Welcome back. Measure what your LLM features actually do."
      }
      footer={
        <>
          New to Yardstick?{" "}
          <Link
            href={withCallbackUrl("/sign-up", callbackUrl)}
            className="font-medium text-indigo-600 hover:text-indigo-500"
          >
            Create an account
          </Link>
        </>
      }
    >
      <SignInForm callbackUrl={callbackUrl} />
      <OAuthButtons {...oauthProviders()} callbackUrl={callbackUrl} />
    </AuthCard>
  );
}
