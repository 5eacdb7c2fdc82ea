"use client";
import Link from "next/link";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { CircleX, Clock, MailCheck, TriangleAlert, type LucideIcon } from "lucide-react";
import { signOut } from "next-auth/react";
import { useRouter } from "next/navigation";
import type { ReactNode } from "react";
import { RoleBadge } from "~/components/ui/badge";
import { Button, LinkButton } from "~/components/ui/button";
import { FormError } from "~/components/ui/form-error";
import { ErrorPanel } from "~/components/ui/query-state";
import { LoadingRegion, Skeleton } from "~/components/ui/skeleton";
import { useToast } from "~/components/ui/toast";
import { ROLE_DESCRIPTION } from "~/lib/roles";
import { errorCode, friendlyMessage } from "~/lib/trpc-errors";
import type { TSessionUser } from "~/lib/types";
import { useTRPC } from "~/trpc/react";

function StatePanel({
  icon: Icon,
  tone,
  title,
  children,
}: {
  icon: LucideIcon;
  tone: "red" | "amber" | "slate";
  title: string;
  children: ReactNode;
}) {
  const tones = {
    red: "bg-red-50 text-red-600",
    amber: "bg-amber-50 text-amber-600",
    slate: "bg-slate-100 text-slate-500",
  };
  return (
    <div className="text-center">
      <span className={`mx-auto flex size-11 items-center justify-center rounded-full ${tones[tone]}`}>
        <Icon className="size-5" aria-hidden />
      </span>
      <h2 className="mt-4 text-base font-semibold text-slate-900">{title}</h2>
      <div className="mt-1 text-sm text-slate-500">{children}</div>
      <LinkButton href="/orgs" variant="secondary" className="mt-6">
        Go to your organizations
      </LinkButton>
    </div>
  );
}

export function InviteView({ token, user }: { token: string; user: TSessionUser }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const toast = useToast();
  const preview = useQuery(trpc.members.previewInvitation.queryOptions({ token }));
  const accept = useMutation(
    trpc.members.acceptInvitation.mutationOptions({
      onSuccess: async ({ organizationId }) => {
        await queryClient.invalidateQueries({ queryKey: trpc.organizations.list.queryKey() });
        toast.success(`Welcome to ${preview.data?.organizationName ?? "the organization"}`);
        router.push(`/orgs/${organizationId}`);
      },
    }),
  );
  const switchAccount = () =>
    void signOut({ redirectTo: `/sign-in?${new URLSearchParams({ callbackUrl: `/invite/${token}` })}` });

  if (preview.isPending) {
    return (
      <LoadingRegion label="Loading invitation" className="space-y-3">
        <Skeleton className="h-5 w-3/4" />
        <Skeleton className="h-4 w-1/2" />
        <Skeleton className="mt-6 h-10 w-full" />
      </LoadingRegion>
    );
  }
  if (preview.isError) {
    const code = errorCode(preview.error);
    if (code === "NOT_FOUND" || code === "BAD_REQUEST") {
      return (
        <StatePanel icon={CircleX} tone="red" title="This invitation link is not valid">
          Check that you copied the whole link, or ask for a new invitation.
        </StatePanel>
      );
    }
    return <ErrorPanel error={preview.error} onRetry={() => void preview.refetch()} />;
  }

  const inv = preview.data;
  if (inv.state === "accepted") {
    return (
      <StatePanel icon={MailCheck} tone="slate" title="This invitation was already accepted">
        If you accepted it, {inv.organizationName} is in your organizations.
      </StatePanel>
    );
  }
  if (inv.state === "revoked") {
    return (
      <StatePanel icon={CircleX} tone="red" title="This invitation was revoked">
        Ask {inv.invitedBy} for a new invitation to {inv.organizationName}.
      </StatePanel>
    );
  }
  if (inv.state === "expired") {
    return (
      <StatePanel icon={Clock} tone="amber" title="This invitation has expired">
        Invitations are valid for 7 days. Ask {inv.invitedBy} to invite you again.
      </StatePanel>
    );
  }

  const wrongAccount = inv.email.toLowerCase() !== user.email.toLowerCase();
  const alreadyMember = errorCode(accept.error) === "CONFLICT";
  return (
    <div>
      <p className="text-sm text-slate-600">
        <strong className="font-semibold text-slate-900">{inv.invitedBy}</strong> invited you to join
      </p>
      <p className="mt-1 text-lg font-semibold text-slate-900">{inv.organizationName}</p>
      <dl className="mt-5 space-y-2.5 rounded-lg border border-slate-200 bg-slate-50/70 p-4 text-sm">
        <div className="flex items-center justify-between gap-4">
          <dt className="text-slate-500">Role</dt>
          <dd>
            <RoleBadge role={inv.role} />
          </dd>
        </div>
        <p className="text-xs text-slate-500">{ROLE_DESCRIPTION[inv.role]}.</p>
        <div className="border-t border-slate-200 pt-2.5">
          <dt className="text-slate-500">Invited email</dt>
          <dd className="mt-0.5 font-medium break-all text-slate-900">{inv.email}</dd>
        </div>
      </dl>

      {wrongAccount ? (
        <div className="mt-5 space-y-4">
          <div
            role="alert"
            className="flex gap-2.5 rounded-lg border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900"
          >
            <TriangleAlert className="mt-0.5 size-4 shrink-0 text-amber-600" aria-hidden />
            <p>
              You are signed in as <strong>{user.email}</strong>, but this invitation is for{" "}
              <strong>{inv.email}</strong>. Sign in with that email to accept it.
            </p>
          </div>
          <Button size="lg" className="w-full" onClick={switchAccount}>
            Switch account
          </Button>
        </div>
      ) : (
        <div className="mt-6 space-y-3">
          <FormError>
            {accept.error && (
              <>
                {friendlyMessage(accept.error)}
                {alreadyMember && (
                  <>
                    {" "}
                    <Link href={`/orgs/${inv.organizationId}`} className="font-medium underline">
                      Open {inv.organizationName}
                    </Link>
                  </>
                )}
              </>
            )}
          </FormError>
          <Button
            size="lg"
            className="w-full"
            loading={accept.isPending || accept.isSuccess}
            onClick={() => accept.mutate({ token })}
          >
            Accept invitation
          </Button>
          <Link href="/orgs" className="block text-center text-sm text-slate-500 hover:text-slate-700">
            Not now
          </Link>
        </div>
      )}
    </div>
  );
}
