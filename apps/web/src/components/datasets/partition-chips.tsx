import { Badge } from "~/components/ui/badge";
import { cn } from "~/lib/cn";
import { DATASET_PARTITIONS, PARTITION_META, type TDatasetPartition, type TPartitionCounts } from "~/lib/datasets";
import { formatInteger } from "~/lib/metrics-format";

export function PartitionBadge({ partition }: { partition: TDatasetPartition }) {
  return <Badge tone={PARTITION_META[partition].tone}>{PARTITION_META[partition].label}</Badge>;
}

/** One chip per partition with its item count; empty partitions are dimmed. */
export function PartitionChips({ counts, className }: { counts: TPartitionCounts; className?: string }) {
  return (
    <ul aria-label="Items per partition" className={cn("flex flex-wrap gap-1.5", className)}>
      {DATASET_PARTITIONS.map((p) => (
        <li key={p} data-testid={`partition-${p}`}>
          <Badge
            tone={counts[p] > 0 ? PARTITION_META[p].tone : "neutral"}
            className={counts[p] > 0 ? undefined : "opacity-60"}
          >
            {PARTITION_META[p].label}
            <span className="tabular-nums font-semibold">{formatInteger(counts[p])}</span>
          </Badge>
        </li>
      ))}
    </ul>
  );
}

/** A stacked bar of the partition mix with a legend. */
export function PartitionBar({ counts }: { counts: TPartitionCounts }) {
  const total = DATASET_PARTITIONS.reduce((n, p) => n + counts[p], 0);
  return (
    <div className="space-y-2">
      <div className="flex h-2 w-full overflow-hidden rounded-full bg-slate-100" aria-hidden>
        {total > 0 &&
          DATASET_PARTITIONS.map((p) =>
            counts[p] > 0 ? (
              <div key={p} className={PARTITION_META[p].bar} style={{ width: `${(counts[p] / total) * 100}%` }} />
            ) : null,
          )}
      </div>
      <PartitionChips counts={counts} />
    </div>
  );
}
