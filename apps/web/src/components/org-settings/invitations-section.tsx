"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link2, MailPlus } from "lucide-react";
import { useState, type FormEvent } from "react";
import { RoleBadge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { Card, CardBody, CardHeader } from "~/components/ui/card";
import { CopyField } from "~/components/ui/copy-button";
import { EmptyState } from "~/components/ui/empty-state";
import { Field, fieldProps } from "~/components/ui/field";
import { FormError } from "~/components/ui/form-error";
import { Input } from "~/components/ui/input";
import { ErrorPanel } from "~/components/ui/query-state";
import { Select } from "~/components/ui/select";
import { TableSkeleton } from "~/components/ui/skeleton";
import { Table, TD, TH, THead, TR } from "~/components/ui/table";
import { useToast } from "~/components/ui/toast";
import { formatDate, formatRelative } from "~/lib/format";
import { ROLE_DESCRIPTION, ROLE_LABEL, type Role } from "~/lib/roles";
import { formErrors, friendlyMessage } from "~/lib/trpc-errors";
import { useOrigin } from "~/lib/use-origin";
import { useTRPC } from "~/trpc/react";
import { assignableRoles } from "./members-section";

function InviteLinkPanel({ email, link, onDismiss }: { email: string; link: string; onDismiss: () => void }) {
  return (
    <div role="status" className="rounded-lg border border-emerald-200 bg-emerald-50/60 p-4">
      <div className="flex items-start gap-3">
        <Link2 className="mt-0.5 size-4 shrink-0 text-emerald-700" aria-hidden />
        <div className="min-w-0 flex-1">
          <p className="text-sm font-medium text-slate-900">Invitation created for {email}</p>
          <p className="mt-0.5 text-sm text-slate-600">
            Send them this link. <strong className="font-semibold">It is shown only once</strong> and expires in 7 days;
            they must sign in with {email} to accept.
          </p>
          <div className="mt-3">
            <CopyField id="invite-link" label="Invite link" value={link} />
          </div>
        </div>
      </div>
      <div className="mt-3 flex justify-end">
        <Button variant="ghost" size="sm" onClick={onDismiss}>
          Done
        </Button>
      </div>
    </div>
  );
}

export function InvitationsSection({ organizationId, role }: { organizationId: string; role: Role }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const origin = useOrigin();
  const [email, setEmail] = useState("");
  const [inviteRole, setInviteRole] = useState<Role>("MEMBER");
  const [created, setCreated] = useState<{ email: string; link: string } | null>(null);
  const invitations = useQuery(trpc.members.invitations.queryOptions({ organizationId }));
  const refresh = () =>
    queryClient.invalidateQueries({ queryKey: trpc.members.invitations.queryKey({ organizationId }) });

  const invite = useMutation(
    trpc.members.invite.mutationOptions({
      onSuccess: async (res) => {
        setCreated({ email: res.invitation.email, link: `${origin}${res.path}` });
        setEmail("");
        await refresh();
      },
    }),
  );
  const revoke = useMutation(
    trpc.members.revokeInvitation.mutationOptions({
      onSuccess: async () => {
        toast.success("Invitation revoked");
        await refresh();
      },
      onError: (err) => toast.error(friendlyMessage(err)),
    }),
  );
  const errors = formErrors(invite.error, ["email", "role"]);

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    setCreated(null);
    invite.mutate({ organizationId, email, role: inviteRole });
  }

  return (
    <Card aria-labelledby="invitations-heading">
      <CardHeader
        id="invitations-heading"
        title="Invitations"
        description="Invite people by email. Yardstick creates a link for you to send; no email is sent."
      />
      <CardBody className="space-y-4 border-b border-slate-100">
        <form onSubmit={onSubmit} noValidate className="flex flex-wrap items-start gap-3">
          <Field id="invite-email" label="Email address" error={errors.fields.email} className="min-w-60 flex-1">
            <Input
              {...fieldProps("invite-email", errors.fields.email)}
              type="email"
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              placeholder="colleague@company.com"
              autoComplete="off"
            />
          </Field>
          <Field id="invite-role" label="Role" error={errors.fields.role} className="w-40">
            <Select
              {...fieldProps("invite-role", errors.fields.role)}
              value={inviteRole}
              onChange={(e) => setInviteRole(e.target.value as Role)}
            >
              {assignableRoles(role).map((r) => (
                <option key={r} value={r}>
                  {ROLE_LABEL[r]}
                </option>
              ))}
            </Select>
          </Field>
          <div className="pt-6.5">
            <Button type="submit" loading={invite.isPending}>
              <MailPlus className="size-4" aria-hidden />
              Invite
            </Button>
          </div>
        </form>
        <p className="-mt-1 text-xs text-slate-500">
          {ROLE_LABEL[inviteRole]}: {ROLE_DESCRIPTION[inviteRole]}.
        </p>
        <FormError>{errors.form}</FormError>
        {created && <InviteLinkPanel {...created} onDismiss={() => setCreated(null)} />}
      </CardBody>
      <div>
        <h3 className="px-5 pt-4 pb-2 text-sm font-medium text-slate-900">Pending invitations</h3>
        {invitations.isPending && <TableSkeleton rows={2} label="Loading invitations" />}
        {invitations.isError && (
          <div className="p-5">
            <ErrorPanel error={invitations.error} onRetry={() => void invitations.refetch()} />
          </div>
        )}
        {invitations.data?.length === 0 && (
          <EmptyState
            icon={MailPlus}
            title="No pending invitations"
            description="Invitations you create appear here until they are accepted."
            className="py-8"
          />
        )}
        {invitations.data && invitations.data.length > 0 && (
          <Table label="Pending invitations">
            <THead>
              <tr>
                <TH>Email</TH>
                <TH>Role</TH>
                <TH>Invited by</TH>
                <TH>Expires</TH>
                <TH className="text-right">
                  <span className="sr-only">Actions</span>
                </TH>
              </tr>
            </THead>
            <tbody>
              {invitations.data.map((inv) => (
                <TR key={inv.id}>
                  <TD className="font-medium text-slate-900">{inv.email}</TD>
                  <TD>
                    <RoleBadge role={inv.role} />
                  </TD>
                  <TD className="text-slate-500">{inv.invitedBy.name ?? inv.invitedBy.email}</TD>
                  <TD className="text-slate-500" title={formatDate(inv.expiresAt)}>
                    {formatRelative(inv.expiresAt)}
                  </TD>
                  <TD className="text-right">
                    <Button
                      variant="danger-outline"
                      size="sm"
                      aria-label={`Revoke invitation for ${inv.email}`}
                      loading={revoke.isPending && revoke.variables?.invitationId === inv.id}
                      onClick={() => revoke.mutate({ organizationId, invitationId: inv.id })}
                    >
                      Revoke
                    </Button>
                  </TD>
                </TR>
              ))}
            </tbody>
          </Table>
        )}
      </div>
    </Card>
  );
}
