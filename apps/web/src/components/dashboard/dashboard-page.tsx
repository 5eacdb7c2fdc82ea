"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { OnlineScoresPanel } from "~/components/evaluators/online-scores-panel";
import { BarChart3, RefreshCw } from "lucide-react";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useMemo, useRef } from "react";
import { LinkButton } from "~/components/ui/button";
import { EmptyState } from "~/components/ui/empty-state";
import { PageHeader } from "~/components/ui/page-header";
import { ErrorPanel, NotFoundPanel } from "~/components/ui/query-state";
import { LoadingRegion, Skeleton } from "~/components/ui/skeleton";
import {
  readDashboardState,
  toDashboardQuery,
  writeDashboardState,
  type TDashboardState,
} from "~/lib/dashboard-params";
import { isNotFound } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";
import { projectCrumbs, useProject } from "~/components/projects/use-project";
import { markersOf, sidesOf } from "./chart-data";
import { DashboardFilterBar } from "./filter-bar";
import { DashboardPanels } from "./panels";

export function DashboardPage({ projectId }: { projectId: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const search = useSearchParams().toString();
  const state = useMemo(() => readDashboardState(new URLSearchParams(search)), [search]);
  const query = useMemo(() => toDashboardQuery(state), [state]);
  const latest = useRef(state);
  useEffect(() => {
    latest.current = state;
  }, [state]);
  const project = useProject(projectId);
  const dash = useQuery({
    ...trpc.dashboards.get.queryOptions({ projectId, query }),
    placeholderData: keepPreviousData,
  });
  const options = useQuery(
    trpc.dashboards.options.queryOptions({ projectId, query: { range: query.range, from: query.from, to: query.to } }),
  );

  const onChange = (patch: Partial<TDashboardState>) => {
    // From the last state written, not this render's: router.replace lands asynchronously, and two
    // quick changes must not drop the first.
    const next = { ...latest.current, ...patch };
    if (patch.range && patch.range === "custom" && !next.from) {
      next.to = new Date().toISOString();
      next.from = new Date(Date.now() - 7 * 86_400_000).toISOString();
    }
    if (patch.range && patch.range !== "custom") {
      delete next.from;
      delete next.to;
    }
    latest.current = next;
    const qs = writeDashboardState(next);
    router.replace(qs ? `${pathname}?${qs}` : pathname, { scroll: false });
  };

  if (isNotFound(project.error) || isNotFound(dash.error)) return <NotFoundPanel title="Project not found" />;
  const d = dash.data;
  const crumbs = project.data ? projectCrumbs(project.data, `/projects/${projectId}`) : undefined;
  return (
    <>
      <PageHeader
        crumbs={crumbs}
        title="Dashboard"
        description="Cost, latency, quality and feedback over time. Bands are 95% confidence intervals; hollow points rest on fewer than 30 samples."
      />
      <DashboardFilterBar state={state} options={options.data} onChange={onChange} />
      {dash.isError ? (
        <ErrorPanel error={dash.error} onRetry={() => void dash.refetch()} />
      ) : !d ? (
        <LoadingRegion label="Loading dashboard" className="grid gap-4 xl:grid-cols-2">
          {Array.from({ length: 4 }, (_, i) => (
            <Skeleton key={i} className="h-72 rounded-xl" />
          ))}
        </LoadingRegion>
      ) : d.panels.totals.traces === 0 && !d.compare ? (
        <EmptyState
          icon={BarChart3}
          title="No traces in this range"
          description="Send traces with the SDK or the ingest API, or widen the time range and clear filters."
          action={
            <LinkButton href={`/projects/${projectId}`} variant="secondary" size="sm">
              How to send data
            </LinkButton>
          }
          className="rounded-xl border border-dashed border-slate-300 bg-white"
        />
      ) : (
        <>
          <p className="mb-4 flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-slate-500" aria-live="polite">
            <span>
              {d.panels.totals.traces.toLocaleString()} traces · {d.range.bucket === "hour" ? "hourly" : "daily"} points
              (UTC) · {d.source === "raw" ? "computed from raw rows (tag or user filter)" : "from hourly roll-ups"}
            </span>
            {d.stale && <span className="text-amber-700">Some hours are still being aggregated; numbers may lag.</span>}
            {dash.isFetching && (
              <span className="inline-flex items-center gap-1">
                <RefreshCw className="size-3 animate-spin" aria-hidden /> Updating
              </span>
            )}
          </p>
          <DashboardPanels d={d} sides={sidesOf(d)} markers={markersOf(d)} projectId={projectId} state={state} />
        </>
      )}
      <OnlineScoresPanel projectId={projectId} />
    </>
  );
}
