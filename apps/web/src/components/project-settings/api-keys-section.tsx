"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { KeyRound, Plus } from "lucide-react";
import { useState } from "react";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { Card, CardHeader } from "~/components/ui/card";
import { ConfirmDialog } from "~/components/ui/confirm-dialog";
import { EmptyState } from "~/components/ui/empty-state";
import { ErrorPanel } from "~/components/ui/query-state";
import { TableSkeleton } from "~/components/ui/skeleton";
import { Table, TD, TH, THead, TR } from "~/components/ui/table";
import { useToast } from "~/components/ui/toast";
import { Tooltip } from "~/components/ui/tooltip";
import { formatDate, formatDateTime, formatRelative } from "~/lib/format";
import { hasRole, type Role } from "~/lib/roles";
import { friendlyMessage } from "~/lib/trpc-errors";
import type { TApiKey } from "~/lib/types";
import { useTRPC } from "~/trpc/react";
import { CreateApiKeyDialog } from "./create-api-key-dialog";

export function ApiKeysSection({ projectId, role }: { projectId: string; role: Role }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const keys = useQuery(trpc.apiKeys.list.queryOptions({ projectId }));
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<TApiKey | null>(null);
  const canManage = hasRole(role, "ADMIN");
  const revoke = useMutation(
    trpc.apiKeys.revoke.mutationOptions({
      onSuccess: async () => {
        toast.success(`API key “${revoking?.name}” revoked`);
        setRevoking(null);
        await queryClient.invalidateQueries({ queryKey: trpc.apiKeys.list.queryKey({ projectId }) });
        await queryClient.invalidateQueries({ queryKey: trpc.projects.list.queryKey() });
      },
    }),
  );

  const createButton = (
    <Tooltip content={canManage ? undefined : "Only admins and owners can create API keys"}>
      {(describedBy) => (
        <Button onClick={() => setCreating(true)} disabled={!canManage} aria-describedby={describedBy}>
          <Plus className="size-4" aria-hidden />
          Create API key
        </Button>
      )}
    </Tooltip>
  );

  return (
    <Card aria-labelledby="api-keys-heading">
      <CardHeader
        id="api-keys-heading"
        title="API keys"
        description="Authenticate your application with the public API. Secrets are shown once, at creation."
        actions={keys.data && keys.data.length > 0 ? createButton : undefined}
      />
      {keys.isPending && <TableSkeleton label="Loading API keys" />}
      {keys.isError && (
        <div className="p-5">
          <ErrorPanel error={keys.error} onRetry={() => void keys.refetch()} />
        </div>
      )}
      {keys.data?.length === 0 && (
        <EmptyState
          icon={KeyRound}
          title="No API keys yet"
          description="Create a key to send traces and feedback, or to read project data from your code."
          action={canManage ? createButton : <p className="text-sm text-slate-500">Ask an admin to create one.</p>}
        />
      )}
      {keys.data && keys.data.length > 0 && (
        <Table label="API keys">
          <THead>
            <tr>
              <TH>Name</TH>
              <TH>Key</TH>
              <TH>Scopes</TH>
              <TH>Created</TH>
              <TH>Last used</TH>
              <TH>Status</TH>
              <TH className="text-right">
                <span className="sr-only">Actions</span>
              </TH>
            </tr>
          </THead>
          <tbody>
            {keys.data.map((k) => {
              const revoked = Boolean(k.revokedAt);
              return (
                <TR key={k.id} className={revoked ? "bg-slate-50/60" : undefined}>
                  <TD>
                    <div className={revoked ? "font-medium text-slate-500" : "font-medium text-slate-900"}>
                      {k.name}
                    </div>
                    {k.createdBy && (
                      <div className="text-xs text-slate-500">by {k.createdBy.name ?? k.createdBy.email}</div>
                    )}
                  </TD>
                  <TD>
                    <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-700">
                      {k.prefix}…{k.lastFour}
                    </code>
                  </TD>
                  <TD>
                    <div className="flex flex-wrap gap-1">
                      {k.scopes.map((s) => (
                        <Badge key={s} tone={s === "feedback" ? "amber" : "indigo"}>
                          {s}
                        </Badge>
                      ))}
                    </div>
                  </TD>
                  <TD className="whitespace-nowrap text-slate-500">{formatDate(k.createdAt)}</TD>
                  <TD
                    className="whitespace-nowrap text-slate-500"
                    title={k.lastUsedAt ? formatDateTime(k.lastUsedAt) : undefined}
                  >
                    {k.lastUsedAt ? formatRelative(k.lastUsedAt) : "Never"}
                  </TD>
                  <TD>{revoked ? <Badge tone="red">Revoked</Badge> : <Badge tone="green">Active</Badge>}</TD>
                  <TD className="text-right">
                    {canManage && !revoked && (
                      <Button
                        variant="danger-outline"
                        size="sm"
                        aria-label={`Revoke ${k.name}`}
                        onClick={() => setRevoking(k)}
                      >
                        Revoke
                      </Button>
                    )}
                  </TD>
                </TR>
              );
            })}
          </tbody>
        </Table>
      )}
      {canManage && <CreateApiKeyDialog projectId={projectId} open={creating} onClose={() => setCreating(false)} />}
      <ConfirmDialog
        open={revoking !== null}
        onClose={() => {
          revoke.reset();
          setRevoking(null);
        }}
        title={`Revoke “${revoking?.name ?? ""}”?`}
        description="Requests using this key will be rejected immediately. This cannot be undone."
        confirmLabel="Revoke key"
        pending={revoke.isPending}
        error={revoke.error ? friendlyMessage(revoke.error) : undefined}
        onConfirm={() => revoking && revoke.mutate({ projectId, apiKeyId: revoking.id })}
      />
    </Card>
  );
}
