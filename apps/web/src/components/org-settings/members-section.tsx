"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Badge, RoleBadge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { Card, CardHeader } from "~/components/ui/card";
import { ConfirmDialog } from "~/components/ui/confirm-dialog";
import { ErrorPanel } from "~/components/ui/query-state";
import { Select } from "~/components/ui/select";
import { TableSkeleton } from "~/components/ui/skeleton";
import { Table, TD, TH, THead, TR } from "~/components/ui/table";
import { useToast } from "~/components/ui/toast";
import { Tooltip } from "~/components/ui/tooltip";
import { useSessionUser } from "~/components/shell/session-user";
import { formatDate, pluralize } from "~/lib/format";
import { hasRole, ROLE_LABEL, ROLES, type Role } from "~/lib/roles";
import { friendlyMessage } from "~/lib/trpc-errors";
import type { TMember } from "~/lib/types";
import { useTRPC } from "~/trpc/react";

/** Roles `actor` may grant: only an owner can hand out (or take away) the owner role. */
export function assignableRoles(actor: Role): Role[] {
  return actor === "OWNER" ? [...ROLES] : ROLES.filter((r) => r !== "OWNER");
}

export function MembersSection({ organizationId, role }: { organizationId: string; role: Role }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const toast = useToast();
  const me = useSessionUser();
  const members = useQuery(trpc.members.list.queryOptions({ organizationId }));
  const [removing, setRemoving] = useState<TMember | null>(null);
  const [leaving, setLeaving] = useState(false);
  const canManage = hasRole(role, "ADMIN");
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.members.list.queryKey({ organizationId }) });

  const changeRole = useMutation(
    trpc.members.changeRole.mutationOptions({
      onSuccess: async (_data, vars) => {
        await refresh();
        toast.success(`Role changed to ${ROLE_LABEL[vars.role]}`);
      },
      onError: (err) => toast.error(friendlyMessage(err)),
    }),
  );
  const remove = useMutation(
    trpc.members.remove.mutationOptions({
      onSuccess: async () => {
        toast.success(`${removing?.name ?? removing?.email ?? "Member"} was removed`);
        setRemoving(null);
        await refresh();
      },
    }),
  );
  const leave = useMutation(
    trpc.members.leave.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.organizations.list.queryKey() });
        toast.success("You left the organization");
        router.push("/orgs");
      },
    }),
  );

  function roleCell(m: TMember) {
    const isMe = m.id === me.id;
    if (!canManage || isMe) return <RoleBadge role={m.role} />;
    const locked = m.role === "OWNER" && role !== "OWNER";
    return (
      <Tooltip content={locked ? "Only an owner can change another owner's role" : undefined}>
        {(describedBy) => (
          <Select
            aria-label={`Role for ${m.email}`}
            aria-describedby={describedBy}
            value={m.role}
            disabled={locked || (changeRole.isPending && changeRole.variables?.userId === m.id)}
            onChange={(e) => changeRole.mutate({ organizationId, userId: m.id, role: e.target.value as Role })}
            className="w-32"
          >
            {(locked ? [...ROLES] : assignableRoles(role)).map((r) => (
              <option key={r} value={r}>
                {ROLE_LABEL[r]}
              </option>
            ))}
          </Select>
        )}
      </Tooltip>
    );
  }

  function actionCell(m: TMember) {
    if (m.id === me.id) {
      return (
        <Button variant="secondary" size="sm" onClick={() => setLeaving(true)}>
          Leave organization
        </Button>
      );
    }
    if (!canManage) return null;
    const locked = m.role === "OWNER" && role !== "OWNER";
    return (
      <Tooltip content={locked ? "Only an owner can remove an owner" : undefined}>
        {(describedBy) => (
          <Button
            variant="danger-outline"
            size="sm"
            disabled={locked}
            aria-describedby={describedBy}
            aria-label={`Remove ${m.email}`}
            onClick={() => setRemoving(m)}
          >
            Remove
          </Button>
        )}
      </Tooltip>
    );
  }

  return (
    <Card aria-labelledby="members-heading">
      <CardHeader
        id="members-heading"
        title="Members"
        description={
          members.data
            ? `${pluralize(members.data.length, "person", "people")} can access this organization.`
            : "People who can access this organization."
        }
      />
      {members.isPending && <TableSkeleton label="Loading members" />}
      {members.isError && (
        <div className="p-5">
          <ErrorPanel error={members.error} onRetry={() => void members.refetch()} />
        </div>
      )}
      {members.data && (
        <Table label="Members">
          <THead>
            <tr>
              <TH>Member</TH>
              <TH>Role</TH>
              <TH>Joined</TH>
              <TH className="text-right">
                <span className="sr-only">Actions</span>
              </TH>
            </tr>
          </THead>
          <tbody>
            {members.data.map((m) => (
              <TR key={m.id}>
                <TD>
                  <div className="flex items-center gap-2">
                    <span className="font-medium text-slate-900">{m.name ?? m.email}</span>
                    {m.id === me.id && <Badge>You</Badge>}
                  </div>
                  <div className="text-xs text-slate-500">{m.email}</div>
                </TD>
                <TD>{roleCell(m)}</TD>
                <TD className="text-slate-500">{formatDate(m.joinedAt)}</TD>
                <TD className="text-right">{actionCell(m)}</TD>
              </TR>
            ))}
          </tbody>
        </Table>
      )}
      <ConfirmDialog
        open={removing !== null}
        onClose={() => {
          remove.reset();
          setRemoving(null);
        }}
        title="Remove member?"
        description={
          removing
            ? `${removing.name ?? removing.email} (${removing.email}) will lose access to this organization and its projects immediately.`
            : undefined
        }
        confirmLabel="Remove member"
        pending={remove.isPending}
        error={remove.error ? friendlyMessage(remove.error) : undefined}
        onConfirm={() => removing && remove.mutate({ organizationId, userId: removing.id })}
      />
      <ConfirmDialog
        open={leaving}
        onClose={() => {
          leave.reset();
          setLeaving(false);
        }}
        title="Leave organization?"
        description="You will lose access to its projects. To come back, an admin will have to invite you again."
        confirmLabel="Leave organization"
        pending={leave.isPending || leave.isSuccess}
        error={leave.error ? friendlyMessage(leave.error) : undefined}
        onConfirm={() => leave.mutate({ organizationId })}
      />
    </Card>
  );
}
