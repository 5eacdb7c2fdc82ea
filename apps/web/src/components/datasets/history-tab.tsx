"use client";
import { useQuery } from "@tanstack/react-query";
import { GitCompare, History } from "lucide-react";
import { useState } from "react";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { Card, CardHeader } from "~/components/ui/card";
import { EmptyState } from "~/components/ui/empty-state";
import { ErrorPanel } from "~/components/ui/query-state";
import { TableSkeleton } from "~/components/ui/skeleton";
import { RelativeTime } from "~/components/common/relative-time";
import {
  authorName,
  changeSummary,
  partitionCounts,
  previewValue,
  type TDataset,
  type TDatasetDiff,
  type TDatasetItem,
} from "~/lib/datasets";
import { formatInteger } from "~/lib/metrics-format";
import { cn } from "~/lib/cn";
import { useTRPC } from "~/trpc/react";
import { PartitionBadge, PartitionChips } from "./partition-chips";

function ChangeCounts({ summary }: { summary: { added: number; removed: number; modified: number } }) {
  return (
    <span className="inline-flex gap-2 font-mono text-xs tabular-nums">
      <span className={summary.added ? "text-emerald-700" : "text-slate-400"}>
        +{formatInteger(summary.added)} added
      </span>
      <span className={summary.removed ? "text-red-700" : "text-slate-400"}>
        −{formatInteger(summary.removed)} removed
      </span>
      <span className={summary.modified ? "text-amber-700" : "text-slate-400"}>
        ~{formatInteger(summary.modified)} modified
      </span>
    </span>
  );
}

function ItemLine({ item, tone }: { item: TDatasetItem; tone: "added" | "removed" }) {
  return (
    <li
      className={cn(
        "grid grid-cols-[8rem_7rem_1fr_1fr] gap-3 border-l-2 px-3 py-2 text-xs",
        tone === "added" ? "border-emerald-400 bg-emerald-50/50" : "border-red-400 bg-red-50/50",
      )}
    >
      <span className="truncate font-mono text-slate-600" title={item.id}>
        {tone === "added" ? "+ " : "− "}
        {item.id}
      </span>
      <span>
        <PartitionBadge partition={item.partition} />
      </span>
      <span className="line-clamp-2 break-words text-slate-800">{previewValue(item.input)}</span>
      <span className="line-clamp-2 break-words text-slate-600">
        {item.expectedOutput === null ? (
          <em className="text-slate-400">reference-free</em>
        ) : (
          previewValue(item.expectedOutput)
        )}
      </span>
    </li>
  );
}

const FIELDS: Array<{ key: keyof TDatasetItem; label: string }> = [
  { key: "input", label: "input" },
  { key: "expectedOutput", label: "expectedOutput" },
  { key: "context", label: "context" },
  { key: "partition", label: "partition" },
  { key: "tags", label: "tags" },
  { key: "metadata", label: "metadata" },
];

function ModifiedLine({ before, after }: { before: TDatasetItem; after: TDatasetItem }) {
  const changed = FIELDS.filter((f) => JSON.stringify(before[f.key]) !== JSON.stringify(after[f.key]));
  return (
    <li className="border-l-2 border-amber-400 bg-amber-50/40 px-3 py-2 text-xs">
      <p className="font-mono text-slate-600">~ {after.id}</p>
      <dl className="mt-1 space-y-1">
        {changed.map((f) => (
          <div key={f.key} className="grid grid-cols-[7rem_1fr_1fr] gap-3">
            <dt className="font-mono text-slate-500">{f.label}</dt>
            <dd className="rounded bg-red-50 px-1.5 py-0.5 break-words text-red-800 line-through decoration-red-300">
              {previewValue(before[f.key]) || "∅"}
            </dd>
            <dd className="rounded bg-emerald-50 px-1.5 py-0.5 break-words text-emerald-800">
              {previewValue(after[f.key]) || "∅"}
            </dd>
          </div>
        ))}
      </dl>
    </li>
  );
}

function DiffSection({ title, count, children }: { title: string; count: number; children: React.ReactNode }) {
  if (count === 0) return null;
  return (
    <section>
      <h4 className="mb-1.5 text-xs font-semibold tracking-wide text-slate-500 uppercase">
        {title} ({formatInteger(count)})
      </h4>
      <ul className="space-y-1">{children}</ul>
    </section>
  );
}

function DiffView({ diff }: { diff: TDatasetDiff }) {
  const s = diff.summary;
  return (
    <div className="space-y-4" data-testid="dataset-diff">
      <div className="flex flex-wrap items-center gap-3 text-sm">
        <span className="font-medium text-slate-800">
          v{diff.from} → v{diff.to}
        </span>
        <ChangeCounts summary={s} />
        <span className="text-xs text-slate-400">{formatInteger(s.unchanged)} unchanged</span>
      </div>
      {s.added + s.removed + s.modified === 0 && (
        <p className="text-sm text-slate-500">These versions hold the same items.</p>
      )}
      <DiffSection title="Added" count={s.added}>
        {diff.added.map((it) => (
          <ItemLine key={it.id} item={it} tone="added" />
        ))}
      </DiffSection>
      <DiffSection title="Removed" count={s.removed}>
        {diff.removed.map((it) => (
          <ItemLine key={it.id} item={it} tone="removed" />
        ))}
      </DiffSection>
      <DiffSection title="Modified" count={s.modified}>
        {diff.modified.map((m) => (
          <ModifiedLine key={m.after.id} before={m.before} after={m.after} />
        ))}
      </DiffSection>
      {diff.truncated && <p className="text-xs text-slate-500">Showing the first 500 items of each kind.</p>}
    </div>
  );
}

export function HistoryTab({ projectId, dataset }: { projectId: string; dataset: TDataset }) {
  const trpc = useTRPC();
  const versions = dataset.versions;
  const [selected, setSelected] = useState<number[]>(() =>
    versions.length >= 2 ? [versions[1]!.version, versions[0]!.version] : [],
  );
  const pair = selected.length === 2 ? ([Math.min(...selected), Math.max(...selected)] as const) : null;
  const diff = useQuery(
    trpc.datasets.diffVersions.queryOptions(
      { projectId, datasetId: dataset.id, from: pair?.[0] ?? 1, to: pair?.[1] ?? 1 },
      { enabled: pair !== null },
    ),
  );

  if (versions.length === 0) {
    return (
      <Card>
        <EmptyState
          icon={History}
          title="No versions yet"
          description="Each import or edit writes a new immutable version, listed here with who made it and what changed."
        />
      </Card>
    );
  }

  function toggle(v: number) {
    setSelected((s) => (s.includes(v) ? s.filter((x) => x !== v) : [...s.slice(-1), v]));
  }

  return (
    <div className="space-y-6">
      <Card className="overflow-hidden">
        <CardHeader title="Versions" description="Select two versions to compare them." />
        <ol aria-label="Versions" className="divide-y divide-slate-100">
          {versions.map((v, i) => {
            const checked = selected.includes(v.version);
            const prev = versions[i + 1];
            return (
              <li key={v.version} className={cn("flex items-start gap-4 px-5 py-3", checked && "bg-indigo-50/40")}>
                <input
                  type="checkbox"
                  className="mt-1 rounded border-slate-300"
                  checked={checked}
                  onChange={() => toggle(v.version)}
                  aria-label={`Select version ${v.version}`}
                />
                <div className="min-w-0 flex-1">
                  <div className="flex flex-wrap items-center gap-2">
                    <Badge tone="indigo">v{v.version}</Badge>
                    {i === 0 && <Badge tone="green">latest</Badge>}
                    <span className="truncate text-sm font-medium text-slate-900">{v.message ?? "No message"}</span>
                  </div>
                  <p className="mt-1 text-xs text-slate-500">
                    {authorName(v.createdBy)} · <RelativeTime value={v.createdAt} /> · {formatInteger(v.itemCount)}{" "}
                    items
                  </p>
                  <div className="mt-1.5 flex flex-wrap items-center gap-3">
                    <ChangeCounts summary={changeSummary(v.changeSummary)} />
                    <PartitionChips counts={partitionCounts(v.partitionCounts)} className="scale-95 origin-left" />
                  </div>
                </div>
                {prev && (
                  <Button variant="ghost" size="sm" onClick={() => setSelected([prev.version, v.version])}>
                    <GitCompare className="size-3.5" aria-hidden />
                    vs v{prev.version}
                  </Button>
                )}
              </li>
            );
          })}
        </ol>
      </Card>
      {pair && (
        <Card aria-labelledby="diff-heading">
          <CardHeader id="diff-heading" title={`Changes from v${pair[0]} to v${pair[1]}`} />
          <div className="px-5 py-4">
            {diff.isPending && <TableSkeleton label="Loading the comparison" />}
            {diff.isError && <ErrorPanel error={diff.error} onRetry={() => void diff.refetch()} />}
            {diff.data && <DiffView diff={diff.data} />}
          </div>
        </Card>
      )}
      {!pair && versions.length > 1 && (
        <p className="text-sm text-slate-500">Select two versions to see what changed between them.</p>
      )}
    </div>
  );
}
