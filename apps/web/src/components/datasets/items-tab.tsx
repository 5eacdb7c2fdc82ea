"use client";
import { keepPreviousData, useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { ChevronLeft, ChevronRight, Database, Link2, Pencil, Plus, Trash2, Upload } from "lucide-react";
import { useState } from "react";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { Card } from "~/components/ui/card";
import { ConfirmDialog } from "~/components/ui/confirm-dialog";
import { EmptyState } from "~/components/ui/empty-state";
import { Label } from "~/components/ui/field";
import { ErrorPanel } from "~/components/ui/query-state";
import { Select } from "~/components/ui/select";
import { TableSkeleton } from "~/components/ui/skeleton";
import { Table, TD, TH, THead, TR } from "~/components/ui/table";
import { useToast } from "~/components/ui/toast";
import {
  DATASET_PARTITIONS,
  PARTITION_META,
  partitionCounts,
  previewValue,
  type TDataset,
  type TDatasetItem,
  type TDatasetPartition,
} from "~/lib/datasets";
import { formatInteger } from "~/lib/metrics-format";
import { friendlyMessage } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";
import { ItemDetailDialog } from "./item-detail-dialog";
import { ItemDialog } from "./item-dialog";
import { PartitionBadge } from "./partition-chips";
import { useInvalidateDatasets } from "./use-invalidate-dataset";

const PAGE_SIZE = 25;

function SourceCell({ projectId, item }: { projectId: string; item: TDatasetItem }) {
  const traceId = typeof item.provenance?.traceId === "string" ? item.provenance.traceId : null;
  const observationId = typeof item.provenance?.observationId === "string" ? item.provenance.observationId : null;
  if (traceId) {
    const href = `/projects/${projectId}/traces/${encodeURIComponent(traceId)}${observationId ? `?observation=${encodeURIComponent(observationId)}` : ""}`;
    return (
      <Link
        href={href}
        className="inline-flex items-center gap-1 text-xs font-medium text-indigo-600 hover:text-indigo-500"
        title={`Trace ${traceId}`}
      >
        <Link2 className="size-3.5" aria-hidden />
        {item.source === "feedback" ? "Feedback" : "Trace"}
      </Link>
    );
  }
  return item.source ? (
    <span className="text-xs text-slate-600">{item.source}</span>
  ) : (
    <span className="text-slate-300">—</span>
  );
}

export function ItemsTab({
  projectId,
  dataset,
  canEdit,
  onImport,
  onAdd,
}: {
  projectId: string;
  dataset: TDataset;
  canEdit: boolean;
  onImport: () => void;
  onAdd: () => void;
}) {
  const trpc = useTRPC();
  const toast = useToast();
  const invalidate = useInvalidateDatasets();
  const latest = dataset.versions[0]?.version;
  const [version, setVersion] = useState<number | "latest">("latest");
  const [partition, setPartition] = useState<TDatasetPartition | "">("");
  const [cursors, setCursors] = useState<Array<string | undefined>>([undefined]);
  const [editing, setEditing] = useState<TDatasetItem | null>(null);
  const [deleting, setDeleting] = useState<TDatasetItem | null>(null);
  const [viewing, setViewing] = useState<TDatasetItem | null>(null);
  const cursor = cursors[cursors.length - 1];
  const selectedVersion = version === "latest" ? latest : version;
  const items = useQuery(
    trpc.datasets.items.queryOptions(
      {
        projectId,
        datasetId: dataset.id,
        ...(version !== "latest" && { version }),
        ...(partition && { partition }),
        ...(cursor && { cursor }),
        limit: PAGE_SIZE,
      },
      { enabled: latest !== undefined, placeholderData: keepPreviousData },
    ),
  );
  const remove = useMutation(
    trpc.datasets.deleteItems.mutationOptions({
      onSuccess: async (res) => {
        await invalidate();
        toast.success(`Item deleted: version ${res.version?.version}`);
        setDeleting(null);
      },
    }),
  );

  if (latest === undefined) {
    return (
      <Card>
        <EmptyState
          icon={Database}
          title="No items yet"
          description="Import a JSONL or CSV file, add items one by one, or add them from traces. The first change creates version 1."
          action={
            canEdit ? (
              <div className="flex gap-2">
                <Button onClick={onImport}>
                  <Upload className="size-4" aria-hidden />
                  Import file
                </Button>
                <Button variant="secondary" onClick={onAdd}>
                  <Plus className="size-4" aria-hidden />
                  Add item
                </Button>
              </div>
            ) : undefined
          }
        />
      </Card>
    );
  }

  const versionRow = dataset.versions.find((v) => v.version === selectedVersion);
  const counts = partitionCounts(versionRow?.partitionCounts);
  const shown = partition ? counts[partition] : (versionRow?.itemCount ?? 0);
  const page = cursors.length;
  const isLatest = selectedVersion === latest;
  const reset = () => setCursors([undefined]);

  return (
    <Card className="overflow-hidden">
      <div className="flex flex-wrap items-end gap-4 border-b border-slate-100 px-5 py-3">
        <div>
          <Label htmlFor="items-version" className="mb-1 text-xs text-slate-500">
            Version
          </Label>
          <Select
            id="items-version"
            className="w-44"
            value={String(version)}
            onChange={(e) => {
              setVersion(e.target.value === "latest" ? "latest" : Number(e.target.value));
              reset();
            }}
          >
            <option value="latest">Latest (v{latest})</option>
            {dataset.versions.map((v) => (
              <option key={v.version} value={v.version}>
                v{v.version} · {formatInteger(v.itemCount)} items
              </option>
            ))}
          </Select>
        </div>
        <div>
          <Label htmlFor="items-partition" className="mb-1 text-xs text-slate-500">
            Partition
          </Label>
          <Select
            id="items-partition"
            className="w-48"
            value={partition}
            onChange={(e) => {
              setPartition(e.target.value as TDatasetPartition | "");
              reset();
            }}
          >
            <option value="">All partitions</option>
            {DATASET_PARTITIONS.map((p) => (
              <option key={p} value={p}>
                {PARTITION_META[p].label} ({formatInteger(counts[p])})
              </option>
            ))}
          </Select>
        </div>
        <p className="ml-auto pb-2 text-sm text-slate-500">
          {formatInteger(shown)} item{shown === 1 ? "" : "s"}
          {!isLatest && (
            <Badge tone="amber" className="ml-2">
              Viewing an old version: read-only
            </Badge>
          )}
        </p>
      </div>
      {items.isPending && <TableSkeleton rows={5} label="Loading items" />}
      {items.isError && (
        <div className="p-5">
          <ErrorPanel error={items.error} onRetry={() => void items.refetch()} />
        </div>
      )}
      {items.data && items.data.items.length === 0 && (
        <EmptyState
          icon={Database}
          title="No items in this partition"
          description="Pick another partition or version."
        />
      )}
      {items.data && items.data.items.length > 0 && (
        <Table label="Dataset items" className={items.isPlaceholderData ? "opacity-60" : undefined}>
          <THead>
            <tr>
              <TH className="px-4!">ID</TH>
              <TH className="px-3!">Partition</TH>
              <TH className="px-3!">Input</TH>
              <TH className="px-3!">Expected output</TH>
              <TH className="px-3!">Tags</TH>
              <TH className="px-3!">Source</TH>
              {canEdit && isLatest && (
                <TH className="px-3! pr-4!">
                  <span className="sr-only">Actions</span>
                </TH>
              )}
            </tr>
          </THead>
          <tbody>
            {items.data.items.map((it) => (
              <TR key={it.id} className="align-top hover:bg-slate-50/60">
                <TD className="max-w-32 px-4!">
                  <button
                    type="button"
                    className="block max-w-full truncate font-mono text-xs text-indigo-600 hover:text-indigo-500"
                    title={`View item ${it.id}`}
                    onClick={() => setViewing(it)}
                  >
                    {it.id}
                  </button>
                </TD>
                <TD className="px-3!">
                  <PartitionBadge partition={it.partition} />
                </TD>
                <TD className="w-2/5 max-w-0 px-3!">
                  <p className="line-clamp-2 text-xs break-words text-slate-800" title={previewValue(it.input, 2000)}>
                    {previewValue(it.input)}
                  </p>
                </TD>
                <TD className="w-2/5 max-w-0 px-3!">
                  {it.expectedOutput === null ? (
                    <span className="text-xs text-slate-400 italic">reference-free</span>
                  ) : (
                    <p className="line-clamp-2 text-xs break-words text-slate-700" title={it.expectedOutput}>
                      {previewValue(it.expectedOutput)}
                    </p>
                  )}
                </TD>
                <TD className="px-3!">
                  <div className="flex max-w-40 flex-wrap gap-1">
                    {it.tags.map((t) => (
                      <Badge key={t} className="px-1.5 py-0 text-[11px]">
                        {t}
                      </Badge>
                    ))}
                  </div>
                </TD>
                <TD className="px-3! whitespace-nowrap">
                  <SourceCell projectId={projectId} item={it} />
                </TD>
                {canEdit && isLatest && (
                  <TD className="px-3! pr-4! whitespace-nowrap">
                    <Button
                      variant="ghost"
                      size="icon"
                      aria-label={`Edit item ${it.id}`}
                      onClick={() => setEditing(it)}
                    >
                      <Pencil className="size-4" aria-hidden />
                    </Button>
                    <Button
                      variant="ghost"
                      size="icon"
                      aria-label={`Delete item ${it.id}`}
                      onClick={() => setDeleting(it)}
                    >
                      <Trash2 className="size-4" aria-hidden />
                    </Button>
                  </TD>
                )}
              </TR>
            ))}
          </tbody>
        </Table>
      )}
      {items.data && (page > 1 || items.data.nextCursor) && (
        <div className="flex items-center justify-between border-t border-slate-100 px-5 py-2.5 text-sm text-slate-500">
          <span>Page {page}</span>
          <div className="flex gap-2">
            <Button
              variant="secondary"
              size="sm"
              disabled={page === 1}
              onClick={() => setCursors((c) => c.slice(0, -1))}
            >
              <ChevronLeft className="size-4" aria-hidden />
              Previous
            </Button>
            <Button
              variant="secondary"
              size="sm"
              disabled={!items.data.nextCursor}
              onClick={() => items.data?.nextCursor && setCursors((c) => [...c, items.data.nextCursor ?? undefined])}
            >
              Next
              <ChevronRight className="size-4" aria-hidden />
            </Button>
          </div>
        </div>
      )}
      {viewing && <ItemDetailDialog projectId={projectId} item={viewing} onClose={() => setViewing(null)} />}
      {editing && (
        <ItemDialog
          key={editing.id}
          projectId={projectId}
          datasetId={dataset.id}
          item={editing}
          open
          onClose={() => setEditing(null)}
        />
      )}
      <ConfirmDialog
        open={deleting !== null}
        onClose={() => {
          remove.reset();
          setDeleting(null);
        }}
        title="Delete this item?"
        description="The item is removed in a new version; earlier versions still contain it."
        confirmLabel="Delete item"
        pending={remove.isPending}
        error={remove.error ? friendlyMessage(remove.error) : undefined}
        onConfirm={() => deleting && remove.mutate({ projectId, datasetId: dataset.id, itemIds: [deleting.id] })}
      >
        {deleting && <p className="font-mono text-xs break-all text-slate-600">{deleting.id}</p>}
      </ConfirmDialog>
    </Card>
  );
}
