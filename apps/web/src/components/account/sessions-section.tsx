"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { signOut } from "next-auth/react";
import { useState } from "react";
import { RelativeTime } from "~/components/common/relative-time";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { Card, CardHeader } from "~/components/ui/card";
import { ConfirmDialog } from "~/components/ui/confirm-dialog";
import { ErrorPanel } from "~/components/ui/query-state";
import { TableSkeleton } from "~/components/ui/skeleton";
import { Table, TD, TH, THead, TR } from "~/components/ui/table";
import { useToast } from "~/components/ui/toast";
import { formatDate, pluralize } from "~/lib/format";
import { friendlyMessage } from "~/lib/trpc-errors";
import { describeUserAgent } from "~/lib/user-agent";
import { useTRPC } from "~/trpc/react";

export function SessionsSection() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const sessions = useQuery(trpc.account.sessions.queryOptions());
  const [confirmAll, setConfirmAll] = useState(false);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.account.sessions.queryKey() });

  const revoke = useMutation(
    trpc.account.revokeSession.mutationOptions({
      onSuccess: async () => {
        await refresh();
        toast.success("Session signed out");
      },
      onError: (err) => toast.error(friendlyMessage(err)),
    }),
  );
  const everywhere = useMutation(
    trpc.account.signOutEverywhere.mutationOptions({
      // This browser's session is gone too: finish signing out here.
      onSuccess: () => void signOut({ redirectTo: "/sign-in" }),
    }),
  );

  return (
    <Card aria-labelledby="sessions-heading">
      <CardHeader
        id="sessions-heading"
        title="Sessions"
        description={
          sessions.data
            ? `${pluralize(sessions.data.length, "device")} signed in as you. Sign out any you don't recognise.`
            : "Devices signed in as you."
        }
        actions={
          <Button variant="danger-outline" size="sm" onClick={() => setConfirmAll(true)}>
            Sign out everywhere
          </Button>
        }
      />
      {sessions.isPending && <TableSkeleton label="Loading sessions" />}
      {sessions.isError && (
        <div className="p-5">
          <ErrorPanel error={sessions.error} onRetry={() => void sessions.refetch()} />
        </div>
      )}
      {sessions.data && (
        <Table label="Sessions">
          <THead>
            <tr>
              <TH>Device</TH>
              <TH>IP address</TH>
              <TH>Last seen</TH>
              <TH>Signed in</TH>
              <TH className="text-right">
                <span className="sr-only">Actions</span>
              </TH>
            </tr>
          </THead>
          <tbody>
            {sessions.data.map((s) => (
              <TR key={s.id}>
                <TD>
                  <div className="flex items-center gap-2">
                    <span className="font-medium text-slate-900">{describeUserAgent(s.userAgent)}</span>
                    {s.current && <Badge tone="green">This device</Badge>}
                  </div>
                  {s.userAgent && (
                    <div className="max-w-xs truncate text-xs text-slate-500" title={s.userAgent}>
                      {s.userAgent}
                    </div>
                  )}
                </TD>
                <TD className="font-mono text-xs text-slate-600">{s.ip ?? "—"}</TD>
                <TD className="text-slate-600">{s.current ? "Now" : <RelativeTime value={s.lastSeenAt} />}</TD>
                <TD className="text-slate-500">{formatDate(s.createdAt)}</TD>
                <TD className="text-right">
                  {!s.current && (
                    <Button
                      variant="secondary"
                      size="sm"
                      aria-label={`Sign out ${describeUserAgent(s.userAgent)} (${s.ip ?? "unknown IP"})`}
                      loading={revoke.isPending && revoke.variables?.sessionId === s.id}
                      onClick={() => revoke.mutate({ sessionId: s.id })}
                    >
                      Sign out
                    </Button>
                  )}
                </TD>
              </TR>
            ))}
          </tbody>
        </Table>
      )}
      <ConfirmDialog
        open={confirmAll}
        onClose={() => {
          everywhere.reset();
          setConfirmAll(false);
        }}
        title="Sign out everywhere?"
        description="Every device signed in as you, this one included, is signed out at once. You can sign in again with your password."
        confirmLabel="Sign out everywhere"
        pending={everywhere.isPending || everywhere.isSuccess}
        error={everywhere.error ? friendlyMessage(everywhere.error) : undefined}
        onConfirm={() => everywhere.mutate()}
      />
    </Card>
  );
}
