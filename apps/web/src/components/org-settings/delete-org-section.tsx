"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "~/components/ui/button";
import { Card, CardBody, CardHeader } from "~/components/ui/card";
import { ConfirmDialog } from "~/components/ui/confirm-dialog";
import { useToast } from "~/components/ui/toast";
import { Tooltip } from "~/components/ui/tooltip";
import { hasRole, type Role } from "~/lib/roles";
import { formErrors } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";

export function DeleteOrgSection({ organizationId, name, role }: { organizationId: string; name: string; role: Role }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const toast = useToast();
  const [open, setOpen] = useState(false);
  const canDelete = hasRole(role, "OWNER");
  const del = useMutation(
    trpc.organizations.delete.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.organizations.list.queryKey() });
        toast.success(`Organization “${name}” deleted`);
        router.push("/orgs");
      },
    }),
  );
  const errors = formErrors(del.error, ["confirmName"]);

  return (
    <Card tone="danger" aria-labelledby="danger-heading">
      <CardHeader id="danger-heading" title="Danger zone" className="border-red-100" />
      <CardBody className="flex flex-wrap items-center justify-between gap-4">
        <div>
          <p className="text-sm font-medium text-slate-900">Delete this organization</p>
          <p className="text-sm text-slate-500">Deletes all of its projects, API keys and data. This cannot be undone.</p>
        </div>
        <Tooltip content={canDelete ? undefined : "Only owners can delete the organization"}>
          {(describedBy) => (
            <Button variant="danger-outline" disabled={!canDelete} aria-describedby={describedBy} onClick={() => setOpen(true)}>
              Delete organization
            </Button>
          )}
        </Tooltip>
      </CardBody>
      {canDelete && (
        <ConfirmDialog
          open={open}
          onClose={() => {
            del.reset();
            setOpen(false);
          }}
          title={`Delete ${name}?`}
          description="All projects, API keys, members and invitations of this organization will be permanently deleted."
          confirmLabel="Delete organization"
          confirmText={name}
          pending={del.isPending || del.isSuccess}
          error={errors.fields.confirmName ?? errors.form}
          onConfirm={(typed) => del.mutate({ organizationId, confirmName: typed })}
        />
      )}
    </Card>
  );
}
