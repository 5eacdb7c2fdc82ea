"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { FlaskConical } from "lucide-react";
import { NewLink } from "~/components/common/project-list-page";
import { RelativeTime } from "~/components/common/relative-time";
import { ProjectFrame } from "~/components/projects/project-frame";
import { Card, CardHeader } from "~/components/ui/card";
import { EmptyState } from "~/components/ui/empty-state";
import { Label } from "~/components/ui/field";
import { PageHeader } from "~/components/ui/page-header";
import { ErrorPanel } from "~/components/ui/query-state";
import { Select } from "~/components/ui/select";
import { TableSkeleton } from "~/components/ui/skeleton";
import { Table, TD, TH, THead, TR } from "~/components/ui/table";
import { hasRole } from "~/lib/roles";
import { useTRPC } from "~/trpc/react";
import {
  armLabel,
  durationText,
  pct,
  ProgressBar,
  runDuration,
  StatusBadge,
  usd,
  VerdictBadge,
  type TExperimentRunRow,
} from "./format";
import { SchedulesCard } from "./schedules-card";

const LIVE = ["queued", "running"];

/** The main score of each finished run, oldest → newest, as a small bar chart with the values on hover. */
function ScoreTrend({ runs }: { runs: TExperimentRunRow[] }) {
  const points = runs
    .filter((r) => r.status === "completed" && r.mainScore)
    .map((r) => ({
      id: r.id,
      name: r.name ?? r.id.slice(-6),
      v: r.mainScore!.passRate ?? r.mainScore!.meanScore ?? 0,
      grader: r.mainScore!.name,
    }))
    .reverse()
    .slice(-30);
  if (points.length < 2) return null;
  const w = 16;
  const h = 48;
  return (
    <div className="flex items-end gap-4 border-b border-slate-100 px-5 py-4">
      <div className="min-w-0">
        <p className="text-xs font-medium tracking-wide text-slate-500 uppercase">Main score trend</p>
        <p className="text-xs text-slate-500">
          {points[0]!.grader} pass rate over the last {points.length} finished runs
        </p>
      </div>
      <svg width={points.length * w} height={h} role="img" aria-label="Main score across runs" className="shrink-0">
        {points.map((p, i) => {
          const bh = Math.max(2, p.v * (h - 2));
          return (
            <rect key={p.id} x={i * w + 2} y={h - bh} width={w - 4} height={bh} rx={2} className="fill-indigo-400">
              <title>{`${p.name}: ${pct(p.v)}`}</title>
            </rect>
          );
        })}
      </svg>
      <p className="text-lg font-semibold text-slate-900 tabular-nums">{pct(points[points.length - 1]!.v)}</p>
    </div>
  );
}

function RunsTable({ projectId, runs }: { projectId: string; runs: TExperimentRunRow[] }) {
  return (
    <Table label="Experiment runs">
      <THead>
        <tr>
          <TH>Run</TH>
          <TH>Dataset</TH>
          <TH>Prompts</TH>
          <TH>Status</TH>
          <TH>Verdict</TH>
          <TH className="text-right whitespace-nowrap">Main score</TH>
          <TH className="text-right">Cost</TH>
          <TH className="text-right">Started</TH>
        </tr>
      </THead>
      <tbody>
        {runs.map((r) => (
          <TR key={r.id} className="hover:bg-slate-50/80">
            <TD className="max-w-64">
              <Link
                href={`/projects/${projectId}/experiments/${r.id}`}
                className="block truncate font-medium text-slate-900 hover:text-indigo-700"
              >
                {r.name ?? `Run ${r.id.slice(-6)}`}
              </Link>
              {r.gitCommit && <p className="font-mono text-xs text-slate-500">{r.gitCommit.slice(0, 8)}</p>}
            </TD>
            <TD className="whitespace-nowrap">
              {r.datasetName} <span className="text-slate-500">v{r.datasetVersion}</span>
            </TD>
            <TD className="max-w-72">
              <ul className="space-y-0.5 text-xs">
                {r.arms.map((a, i) => (
                  <li key={i} className="truncate font-mono text-slate-700">
                    {armLabel(a)}
                  </li>
                ))}
              </ul>
            </TD>
            <TD className="min-w-32">
              <StatusBadge status={r.status} />
              {LIVE.includes(r.status) && (
                <div className="mt-1.5 space-y-1">
                  <ProgressBar fraction={r.progress.fraction} label={`Progress of ${r.name ?? r.id}`} />
                  <p className="text-xs text-slate-500 tabular-nums">
                    {r.progress.doneCases}/{r.progress.totalCases} cases
                  </p>
                </div>
              )}
            </TD>
            <TD>
              <VerdictBadge verdict={r.verdict} />
            </TD>
            <TD className="text-right whitespace-nowrap tabular-nums">
              {r.mainScore ? (
                <>
                  <span className="font-medium text-slate-900">{pct(r.mainScore.passRate)}</span>
                  <p className="max-w-32 truncate text-xs text-slate-500">{r.mainScore.name}</p>
                </>
              ) : (
                <span className="text-slate-400">—</span>
              )}
            </TD>
            <TD className="text-right tabular-nums">{usd(r.costUsd)}</TD>
            <TD className="text-right text-xs whitespace-nowrap text-slate-500">
              {r.startedAt ? <RelativeTime value={r.startedAt} /> : "not yet"}
              {r.endedAt && <p className="tabular-nums">took {durationText(runDuration(r))}</p>}
            </TD>
          </TR>
        ))}
      </tbody>
    </Table>
  );
}

function RunsCard({ projectId, canEdit }: { projectId: string; canEdit: boolean }) {
  const trpc = useTRPC();
  const router = useRouter();
  const search = useSearchParams();
  const datasetId = search.get("dataset") ?? undefined;
  const datasets = useQuery(trpc.datasets.list.queryOptions({ projectId }));
  const list = useQuery({
    ...trpc.experiments.list.queryOptions({ projectId, datasetId, limit: 50 }),
    // Runs move on in the background: poll fast while one is live.
    refetchInterval: (q) => (q.state.data?.runs.some((r) => LIVE.includes(r.status)) ? 1_500 : 15_000),
  });
  const newButton = canEdit ? (
    <NewLink href={`/projects/${projectId}/experiments/new`}>New experiment</NewLink>
  ) : undefined;
  const runs = list.data?.runs;
  return (
    <Card className="overflow-hidden" aria-labelledby="runs-title">
      <CardHeader
        id="runs-title"
        title="Runs"
        description="Newest first. A run sends every dataset item through each prompt version and grades the outputs."
        actions={
          <>
            <Label htmlFor="dataset-filter" className="sr-only">
              Dataset
            </Label>
            <Select
              id="dataset-filter"
              className="w-56"
              value={datasetId ?? ""}
              onChange={(e) => {
                const v = e.target.value;
                router.replace(`/projects/${projectId}/experiments${v ? `?dataset=${v}` : ""}`);
              }}
            >
              <option value="">All datasets</option>
              {datasets.data?.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name}
                </option>
              ))}
            </Select>
            {runs && runs.length > 0 && newButton}
          </>
        }
      />
      {list.isPending && <TableSkeleton label="Loading experiment runs" />}
      {list.isError && (
        <div className="p-5">
          <ErrorPanel error={list.error} onRetry={() => void list.refetch()} />
        </div>
      )}
      {runs?.length === 0 && (
        <EmptyState
          icon={FlaskConical}
          title={datasetId ? "No runs over this dataset yet" : "No experiments yet"}
          description="An experiment runs one or more prompt versions over a dataset, grades every output with your graders, and gives a PASS/FAIL verdict with confidence intervals you can compare run against run."
          action={newButton}
        />
      )}
      {runs && runs.length > 0 && (
        <>
          {datasetId && <ScoreTrend runs={runs} />}
          <RunsTable projectId={projectId} runs={runs} />
        </>
      )}
    </Card>
  );
}

export function ExperimentsPage({ projectId }: { projectId: string }) {
  return (
    <ProjectFrame projectId={projectId} label="experiments">
      {(p, crumbs) => (
        <>
          <PageHeader
            crumbs={crumbs({ label: "Experiments" })}
            title="Experiments"
            description="Run prompt versions over a dataset, grade them, and compare runs with statistics you can trust."
          />
          <div className="space-y-8">
            <RunsCard projectId={projectId} canEdit={hasRole(p.role, "MEMBER")} />
            <SchedulesCard projectId={projectId} canEdit={hasRole(p.role, "MEMBER")} />
          </div>
        </>
      )}
    </ProjectFrame>
  );
}
