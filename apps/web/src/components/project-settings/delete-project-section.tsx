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

export function DeleteProjectSection({ projectId, organizationId, name, role }: {
  projectId: string;
  organizationId: string;
  name: string;
  role: Role;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const toast = useToast();
  const [open, setOpen] = useState(false);
  const canDelete = hasRole(role, "OWNER");
  const del = useMutation(
    trpc.projects.delete.mutationOptions({
      onSuccess: async () => {
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.projects.list.queryKey({ organizationId }) }),
          queryClient.invalidateQueries({ queryKey: trpc.organizations.list.queryKey() }),
        ]);
        toast.success(`Project “${name}” deleted`);
        router.push(`/orgs/${organizationId}`);
      },
    }),
  );
  const errors = formErrors(del.error, ["confirmName"]);

  return (
    <Card tone="danger" aria-labelledby="project-danger-heading">
      <CardHeader id="project-danger-heading" title="Danger zone" className="border-red-100" />
      <CardBody className="flex flex-wrap items-center justify-between gap-4">
        <div>
          <p className="text-sm font-medium text-slate-900">Delete this project</p>
          <p className="text-sm text-slate-500">Deletes the project, its API keys and all of its data. This cannot be undone.</p>
        </div>
        <Tooltip content={canDelete ? undefined : "Only owners can delete projects"}>
          {(describedBy) => (
            <Button variant="danger-outline" disabled={!canDelete} aria-describedby={describedBy} onClick={() => setOpen(true)}>
              Delete project
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
          description="The project, its API keys and all of its data will be permanently deleted."
          confirmLabel="Delete project"
          confirmText={name}
          pending={del.isPending || del.isSuccess}
          error={errors.fields.confirmName ?? errors.form}
          onConfirm={(typed) => del.mutate({ projectId, confirmName: typed })}
        />
      )}
    </Card>
  );
}
