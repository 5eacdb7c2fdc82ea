"use client";
import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { ListChecks, X } from "lucide-react";
import { useState } from "react";
import { Button } from "~/components/ui/button";
import { Card } from "~/components/ui/card";
import { EmptyState } from "~/components/ui/empty-state";
import { ErrorPanel } from "~/components/ui/query-state";
import { LoadingRegion, Skeleton } from "~/components/ui/skeleton";
import { useToast } from "~/components/ui/toast";
import { cn } from "~/lib/cn";
import type { TCalibrationItem, TCalibrationItems } from "~/lib/calibration";
import { friendlyMessage } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";

const PAGE = 50;

/** The item's input as a person reads it: a lone string field unwrapped, else pretty JSON. */
function inputText(input: unknown): string {
  if (typeof input === "string") return input;
  if (input && typeof input === "object" && !Array.isArray(input)) {
    const values = Object.values(input as Record<string, unknown>);
    if (values.length === 1 && typeof values[0] === "string") return values[0];
  }
  return JSON.stringify(input, null, 2);
}

function ScoreButtons({
  item,
  scale,
  disabled,
  onScore,
}: {
  item: TCalibrationItem;
  scale: TCalibrationItems["scale"];
  disabled: boolean;
  onScore: (score: number | null) => void;
}) {
  const current = item.label?.humanScore ?? null;
  return (
    <div className="flex items-center gap-1.5">
      <div role="radiogroup" aria-label={`Score for ${item.itemKey}`} className="flex gap-1">
        {scale.levels.map((level) => {
          const selected = current === level;
          const anchor = scale.anchors[String(level)];
          return (
            <button
              key={level}
              type="button"
              role="radio"
              aria-checked={selected}
              aria-label={`${level}${anchor ? `: ${anchor}` : ""}`}
              title={anchor}
              disabled={disabled}
              onClick={() => onScore(level)}
              className={cn(
                "size-9 rounded-lg text-sm font-semibold tabular-nums ring-1 transition-colors ring-inset focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 disabled:cursor-not-allowed disabled:opacity-50",
                selected
                  ? "bg-indigo-600 text-white ring-indigo-600"
                  : "bg-white text-slate-700 ring-slate-300 hover:bg-indigo-50 hover:ring-indigo-300",
              )}
            >
              {level}
            </button>
          );
        })}
      </div>
      {current !== null && !disabled && (
        <button
          type="button"
          onClick={() => onScore(null)}
          aria-label={`Clear score for ${item.itemKey}`}
          className="rounded p-1 text-slate-400 hover:bg-slate-100 hover:text-slate-700"
        >
          <X className="size-4" aria-hidden />
        </button>
      )}
    </div>
  );
}

function ItemRow({
  item,
  scale,
  canEdit,
  onScore,
}: {
  item: TCalibrationItem;
  scale: TCalibrationItems["scale"];
  canEdit: boolean;
  onScore: (score: number | null) => void;
}) {
  return (
    <li
      className="grid gap-4 px-5 py-4 lg:grid-cols-[minmax(0,1fr)_auto]"
      data-testid="calibration-item"
      data-item={item.itemKey}
    >
      <div className="min-w-0 space-y-2">
        <div className="flex flex-wrap items-center gap-2 text-xs text-slate-500">
          <code className="min-w-0 font-mono text-slate-700 [overflow-wrap:anywhere]">{item.itemKey}</code>
          {item.tags.map((t) => (
            <span key={t} className="rounded bg-slate-100 px-1.5 py-0.5">
              {t}
            </span>
          ))}
          {item.label?.labeler && (
            <span className="ml-auto">scored by {item.label.labeler.name ?? item.label.labeler.email}</span>
          )}
        </div>
        <p className="text-sm whitespace-pre-wrap text-slate-500 [overflow-wrap:anywhere]">{inputText(item.input)}</p>
        {item.output === null ? (
          <p className="text-sm text-amber-700 italic">
            No output to judge (needs metadata.output or an expected output)
          </p>
        ) : (
          <p className="rounded-lg bg-slate-50 px-3 py-2 text-sm whitespace-pre-wrap text-slate-900 ring-1 [overflow-wrap:anywhere] ring-slate-200">
            {item.output}
          </p>
        )}
        {item.expectedOutput && (
          <p className="text-xs text-slate-500 [overflow-wrap:anywhere]">
            <span className="font-medium text-slate-600">Reference: </span>
            {item.expectedOutput}
          </p>
        )}
      </div>
      <div className="lg:pt-6">
        {item.output !== null && <ScoreButtons item={item} scale={scale} disabled={!canEdit} onScore={onScore} />}
      </div>
    </li>
  );
}

/** Items of the pinned dataset version, each with score buttons; a click saves the label at once. */
export function LabelItems({
  projectId,
  setId,
  canEdit,
  onLabelsChanged,
}: {
  projectId: string;
  setId: string;
  canEdit: boolean;
  onLabelsChanged: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [pending, setPending] = useState<string | null>(null);
  const options = trpc.calibration.items.infiniteQueryOptions(
    { projectId, setId, limit: PAGE },
    { getNextPageParam: (last) => last.nextCursor ?? undefined },
  );
  const items = useInfiniteQuery(options);
  const setLabel = useMutation(trpc.calibration.setLabel.mutationOptions());

  async function score(item: TCalibrationItem, humanScore: number | null) {
    setPending(item.itemKey);
    try {
      await setLabel.mutateAsync({ projectId, setId, itemKey: item.itemKey, humanScore });
      await queryClient.invalidateQueries({ queryKey: options.queryKey });
      onLabelsChanged();
    } catch (e) {
      toast.error(friendlyMessage(e));
    } finally {
      setPending(null);
    }
  }

  if (items.isPending) {
    return (
      <LoadingRegion label="Loading items" className="space-y-3">
        <Skeleton className="h-28 w-full rounded-xl" />
        <Skeleton className="h-28 w-full rounded-xl" />
      </LoadingRegion>
    );
  }
  if (items.isError) return <ErrorPanel error={items.error} onRetry={() => void items.refetch()} />;
  const pages = items.data.pages;
  const first = pages[0]!;
  const all = pages.flatMap((p) => p.items);
  if (all.length === 0)
    return (
      <EmptyState
        icon={ListChecks}
        title="This dataset version has no items"
        description="Pick another dataset version for this set."
      />
    );
  return (
    <Card className="overflow-hidden">
      <ul className="divide-y divide-slate-100" aria-label="Items to label">
        {all.map((item) => (
          <ItemRow
            key={item.itemKey}
            item={item}
            scale={first.scale}
            canEdit={canEdit && pending === null}
            onScore={(s) => void score(item, s)}
          />
        ))}
      </ul>
      {items.hasNextPage && (
        <div className="border-t border-slate-100 p-4 text-center">
          <Button variant="secondary" loading={items.isFetchingNextPage} onClick={() => void items.fetchNextPage()}>
            Load more items ({all.length} of {first.itemCount})
          </Button>
        </div>
      )}
    </Card>
  );
}
