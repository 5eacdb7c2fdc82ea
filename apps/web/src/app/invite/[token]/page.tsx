import { redirect } from "next/navigation";
import { auth } from "~/auth";
import { AuthCard } from "~/components/auth/auth-card";
import { InviteView } from "~/components/invite/invite-view";

export const metadata = { title: "Invitation" };

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const session = await auth();
  const here = `/invite/${encodeURIComponent(token)}`;
  if (!session?.user?.id) redirect(`/sign-in?${new URLSearchParams({ callbackUrl: here })}`);
  const user = { id: session.user.id, email: session.user.email ?? "", name: session.user.name ?? null };
  return (
    <AuthCard
      title="You're invited"
      footer={
        <>
          Signed in as <span className="font-medium text-slate-700">{user.email}</span>
        </>
      }
    >
      <InviteView token={token} user={user} />
    </AuthCard>
  );
}
