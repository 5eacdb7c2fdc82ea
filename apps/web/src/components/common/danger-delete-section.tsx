"use client";
import type { QueryKey, UseMutationOptions } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "~/components/ui/button";
import { Card, CardBody, CardHeader } from "~/components/ui/card";
import { ConfirmDialog } from "~/components/ui/confirm-dialog";
import { useToast } from "~/components/ui/toast";
import { Tooltip } from "~/components/ui/tooltip";
import { capitalize } from "~/lib/format";
import { hasRole, type Role } from "~/lib/roles";
import { formErrors } from "~/lib/trpc-errors";
import { useInvalidatingMutation } from "./use-invalidating-mutation";

/**
 * The "Danger zone" card: owners delete an organization or project after typing its name again
 * (the server checks `confirmName`); then `invalidate` is refetched and the browser goes to `redirectTo`.
 */
export function DangerDeleteSection<TData, TError, TVars, TContext>({
  idPrefix,
  noun,
  name,
  role,
  summary,
  deniedHint,
  consequences,
  mutation,
  variables,
  invalidate,
  redirectTo,
}: {
  idPrefix: string;
  /** "organization", "project": used in the title, buttons and toast. */
  noun: string;
  name: string;
  role: Role;
  summary: string;
  /** The tooltip on the disabled button for those who may not delete. */
  deniedHint: string;
  /** What the confirmation dialog says will be deleted. */
  consequences: string;
  mutation: UseMutationOptions<TData, TError, TVars, TContext>;
  variables: (confirmName: string) => TVars;
  invalidate: QueryKey[];
  redirectTo: string;
}) {
  const router = useRouter();
  const toast = useToast();
  const [open, setOpen] = useState(false);
  const canDelete = hasRole(role, "OWNER");
  const del = useInvalidatingMutation(mutation, invalidate, () => {
    toast.success(`${capitalize(noun)} “${name}” deleted`);
    router.push(redirectTo);
  });
  const errors = formErrors(del.error, ["confirmName"]);

  return (
    <Card tone="danger" aria-labelledby={`${idPrefix}-danger-heading`}>
      <CardHeader id={`${idPrefix}-danger-heading`} title="Danger zone" className="border-red-100" />
      <CardBody className="flex flex-wrap items-center justify-between gap-4">
        <div>
          <p className="text-sm font-medium text-slate-900">{`Delete this ${noun}`}</p>
          <p className="text-sm text-slate-500">{summary}</p>
        </div>
        <Tooltip content={canDelete ? undefined : deniedHint}>
          {(describedBy) => (
            <Button
              variant="danger-outline"
              disabled={!canDelete}
              aria-describedby={describedBy}
              onClick={() => setOpen(true)}
            >
              {`Delete ${noun}`}
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
          description={consequences}
          confirmLabel={`Delete ${noun}`}
          confirmText={name}
          pending={del.isPending || del.isSuccess}
          error={errors.fields.confirmName ?? errors.form}
          onConfirm={(typed) => del.mutate(variables(typed))}
        />
      )}
    </Card>
  );
}
