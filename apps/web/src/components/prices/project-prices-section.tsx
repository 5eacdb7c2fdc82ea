"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { CircleDollarSign, Plus, Trash2 } from "lucide-react";
import { useState } from "react";
import { Button } from "~/components/ui/button";
import { Card, CardHeader } from "~/components/ui/card";
import { ConfirmDialog } from "~/components/ui/confirm-dialog";
import { EmptyState } from "~/components/ui/empty-state";
import { ErrorPanel } from "~/components/ui/query-state";
import { TableSkeleton } from "~/components/ui/skeleton";
import { useToast } from "~/components/ui/toast";
import { Tooltip } from "~/components/ui/tooltip";
import { formatUtcDay } from "~/lib/metrics-format";
import { hasRole, type Role } from "~/lib/roles";
import type { TModelPrices } from "~/lib/trace-types";
import { friendlyMessage } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";
import { AddPriceDialog } from "./add-price-dialog";
import { PriceTable } from "./price-table";

type TRow = TModelPrices["project"][number];

export function ProjectPricesSection({
  projectId,
  role,
  prices,
}: {
  projectId: string;
  role: Role;
  prices: { data?: TModelPrices; isPending: boolean; isError: boolean; error: unknown; refetch: () => unknown };
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [adding, setAdding] = useState(false);
  const [deleting, setDeleting] = useState<TRow | null>(null);
  const canManage = hasRole(role, "ADMIN");
  const remove = useMutation(
    trpc.modelPrices.delete.mutationOptions({
      onSuccess: async () => {
        toast.success(`Price for ${deleting?.modelName} deleted`);
        setDeleting(null);
        await queryClient.invalidateQueries({ queryKey: trpc.modelPrices.pathKey() });
      },
    }),
  );
  const rows = prices.data?.project;

  const addButton = (
    <Tooltip content={canManage ? undefined : "Only admins and owners can change prices"}>
      {(describedBy) => (
        <Button onClick={() => setAdding(true)} disabled={!canManage} aria-describedby={describedBy}>
          <Plus className="size-4" aria-hidden />
          Add price
        </Button>
      )}
    </Tooltip>
  );

  return (
    <Card aria-labelledby="project-prices-heading">
      <CardHeader
        id="project-prices-heading"
        title="Project prices"
        description="Override the defaults below. Newest price in effect wins; project prices beat defaults."
        actions={rows && rows.length > 0 ? addButton : undefined}
      />
      {prices.isPending && <TableSkeleton label="Loading prices" />}
      {prices.isError && (
        <div className="p-5">
          <ErrorPanel error={prices.error} onRetry={() => void prices.refetch()} />
        </div>
      )}
      {rows?.length === 0 && (
        <EmptyState
          icon={CircleDollarSign}
          title="No project prices"
          description="Costs use the shipped defaults. Add a price for a fine-tuned or self-hosted model, or a negotiated rate."
          action={addButton}
        />
      )}
      {rows && rows.length > 0 && (
        <PriceTable
          label="Project prices"
          rows={rows.map((r) => ({ ...r, key: r.id, effectiveFrom: formatUtcDay(r.effectiveFrom) }))}
          action={(r) =>
            canManage ? (
              <Button
                variant="ghost"
                size="icon"
                aria-label={`Delete price for ${r.modelName}`}
                onClick={() => setDeleting(rows.find((x) => x.id === r.key) ?? null)}
              >
                <Trash2 className="size-4" aria-hidden />
              </Button>
            ) : null
          }
        />
      )}
      {canManage && <AddPriceDialog projectId={projectId} open={adding} onClose={() => setAdding(false)} />}
      <ConfirmDialog
        open={deleting !== null}
        onClose={() => {
          remove.reset();
          setDeleting(null);
        }}
        title={`Delete the price for “${deleting?.modelName ?? ""}”?`}
        description="Generations ingested from now on use the next matching price. Costs already stored do not change."
        confirmLabel="Delete price"
        pending={remove.isPending}
        error={remove.error ? friendlyMessage(remove.error) : undefined}
        onConfirm={() => deleting && remove.mutate({ projectId, priceId: deleting.id })}
      />
    </Card>
  );
}
