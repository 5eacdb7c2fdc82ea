"use client";
import { useQuery } from "@tanstack/react-query";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { RotateCw, SearchX } from "lucide-react";
import { startTransition, useMemo, useOptimistic, useState } from "react";
import { Button } from "~/components/ui/button";
import { Card } from "~/components/ui/card";
import { EmptyState } from "~/components/ui/empty-state";
import { PageHeader } from "~/components/ui/page-header";
import { ErrorPanel } from "~/components/ui/query-state";
import { TableSkeleton } from "~/components/ui/skeleton";
import { readFilters, toListInput, writeFilters, type TFilterKey, type TOrder, type TSort } from "~/lib/trace-filters";
import { useTRPC } from "~/trpc/react";
import { ProjectFrame } from "~/components/projects/project-frame";
import { TraceFilterBar } from "./trace-filter-bar";
import { TracesEmptyState } from "./traces-empty-state";
import { TracesTable } from "./traces-table";
import { TracesTotalsBar } from "./traces-totals-bar";
import { useTracePages } from "./use-trace-pages";

/** The page keeps at most this many rows in memory: past it, filters beat scrolling. */
const MAX_LOADED_TRACES = 1000;

function TracesBody({ projectId }: { projectId: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const search = useSearchParams().toString();
  const state = useMemo(() => readFilters(new URLSearchParams(search)), [search]);
  // Controls show a change at once; the URL (and with it the query) catches up in a transition.
  const [shown, setShown] = useOptimistic(state);
  const [tick, setTick] = useState(0);
  // Relative ranges ("last 24 hours") are pinned when the filters change or on refresh, so the
  // query key stays stable between renders.
  const now = useMemo(() => Date.now(), [search, tick]);
  const input = useMemo(() => ({ projectId, ...toListInput(state, now) }), [projectId, state, now]);
  const pages = useTracePages(input);
  const options = useQuery(trpc.traces.filterOptions.queryOptions({ projectId }, { staleTime: 60_000 }));
  const [pickedScore, setPickedScore] = useState<string | null>(null);
  // The mean shown: the score picked in the bar, else the filter's score, else the first known one.
  const totalsScore = pickedScore === null ? (state.score ?? options.data?.scoreNames[0]) : pickedScore || undefined;
  const empty = pages.isSuccess && pages.traces.length === 0;
  // Only when nothing matched: does the project have any traces at all?
  const any = useQuery(
    trpc.traces.list.queryOptions({ projectId, filter: {}, list: { limit: 1 } }, { enabled: empty }),
  );

  function update(patch: Partial<Record<TFilterKey, string | undefined>>) {
    const next = { ...state, ...patch };
    for (const [k, v] of Object.entries(patch)) if (v === undefined) delete next[k as TFilterKey];
    const qs = writeFilters(next);
    startTransition(() => {
      setShown(next);
      router.replace(qs ? `${pathname}?${qs}` : pathname, { scroll: false });
    });
  }

  const onSort = (sort: TSort, order: TOrder) =>
    update({ sort: sort === "timestamp" ? undefined : sort, order: order === "desc" ? undefined : order });

  return (
    <>
      <TraceFilterBar projectId={projectId} state={shown} onChange={update} />
      <Card>
        <TracesTotalsBar
          projectId={projectId}
          filter={input.filter}
          scoreNames={options.data?.scoreNames ?? []}
          scoreName={totalsScore}
          onScoreName={(v) => setPickedScore(v ?? "")}
          grouped={shown.group === "prompt"}
          onGrouped={(g) => update({ group: g ? "prompt" : undefined })}
          onPickGroup={(prompt, version) => update({ prompt, promptVersion: String(version), group: undefined })}
        />
        <div className="flex items-center justify-between gap-3 border-b border-slate-100 px-4 py-2.5 text-sm text-slate-500">
          <span aria-live="polite">
            {pages.isSuccess
              ? `${pages.traces.length}${pages.hasNextPage ? "+" : ""} trace${pages.traces.length === 1 ? "" : "s"} loaded`
              : "Loading traces…"}
          </span>
          <Button
            variant="ghost"
            size="sm"
            onClick={() => setTick((t) => t + 1)}
            loading={pages.isFetching && !pages.isFetchingNextPage}
          >
            {!(pages.isFetching && !pages.isFetchingNextPage) && <RotateCw className="size-3.5" aria-hidden />}
            Refresh
          </Button>
        </div>
        {pages.isPending && <TableSkeleton rows={8} label="Loading traces" />}
        {pages.isError && (
          <div className="p-5">
            <ErrorPanel error={pages.error} onRetry={() => void pages.refetch()} />
          </div>
        )}
        {empty && any.data?.traces.length === 0 && <TracesEmptyState projectId={projectId} />}
        {empty && any.data && any.data.traces.length > 0 && (
          <EmptyState
            icon={SearchX}
            title="No traces match these filters"
            description="Widen the time range or remove a filter."
            action={
              <Button variant="secondary" size="sm" onClick={() => router.replace(pathname, { scroll: false })}>
                Clear filters
              </Button>
            }
          />
        )}
        {empty && any.isPending && <TableSkeleton rows={2} label="Loading traces" />}
        {pages.traces.length > 0 && (
          <TracesTable
            projectId={projectId}
            traces={pages.traces}
            sort={input.list.sort}
            order={input.list.order}
            onSort={onSort}
          />
        )}
        {pages.hasNextPage && pages.traces.length >= MAX_LOADED_TRACES && (
          <p className="border-t border-slate-100 p-3 text-center text-sm text-slate-500">
            {MAX_LOADED_TRACES.toLocaleString("en")} traces loaded. Narrow the filters or change the sort to see others.
          </p>
        )}
        {pages.hasNextPage && pages.traces.length < MAX_LOADED_TRACES && (
          <div className="flex justify-center border-t border-slate-100 p-3">
            <Button
              variant="secondary"
              size="sm"
              onClick={() => void pages.fetchNextPage()}
              loading={pages.isFetchingNextPage}
            >
              Load more
            </Button>
          </div>
        )}
      </Card>
    </>
  );
}

export function TracesExplorer({ projectId }: { projectId: string }) {
  return (
    <ProjectFrame projectId={projectId} label="traces">
      {(_p, crumbs) => (
        <>
          <PageHeader
            crumbs={crumbs({ label: "Traces" })}
            title="Traces"
            description="Every request your application sent, newest first."
          />
          <TracesBody projectId={projectId} />
        </>
      )}
    </ProjectFrame>
  );
}
