"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { Download, GitCompare, Square } from "lucide-react";
import { useEffect, useState } from "react";
import { ProjectFrame } from "~/components/projects/project-frame";
import { Button } from "~/components/ui/button";
import { Card, CardBody, CardHeader } from "~/components/ui/card";
import { PageHeader } from "~/components/ui/page-header";
import { ErrorPanel, NotFoundPanel } from "~/components/ui/query-state";
import { Select } from "~/components/ui/select";
import { TableSkeleton } from "~/components/ui/skeleton";
import { useToast } from "~/components/ui/toast";
import { formatDateTime } from "~/lib/format";
import { hasRole } from "~/lib/roles";
import { friendlyMessage, isNotFound } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";
import { CasesTable } from "./cases-table";
import {
  armLabel,
  durationText,
  ProgressBar,
  runDuration,
  StatusBadge,
  usd,
  VerdictBadge,
  type TExperimentRun,
} from "./format";
import { ArmSummaries, VerdictCard } from "./run-summary";

const LIVE = ["queued", "running"];

function LiveProgress({ projectId, run }: { projectId: string; run: TExperimentRun }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const progress = useQuery({
    ...trpc.experiments.progress.queryOptions({ projectId, runId: run.id }),
    refetchInterval: (q) => (q.state.data && !LIVE.includes(q.state.data.status) ? false : 1_500),
  });
  const p = progress.data ?? run.progress;
  // Once the run finishes, load its summary and cases.
  useEffect(() => {
    if (!LIVE.includes(p.status)) void qc.invalidateQueries({ queryKey: trpc.experiments.pathKey() });
  }, [p.status, qc, trpc]);
  const elapsed = p.startedAt ? Date.now() - new Date(p.startedAt).getTime() : 0;
  const rate = elapsed > 0 && p.doneCases > 0 ? p.doneCases / elapsed : 0;
  const eta = rate > 0 ? (p.totalCases - p.doneCases) / rate : null;
  return (
    <Card aria-labelledby="progress-title">
      <CardHeader
        id="progress-title"
        title={p.status === "queued" ? "Waiting to start…" : "Running"}
        description="Updates every second and a half."
      />
      <CardBody className="space-y-3">
        <ProgressBar fraction={p.fraction} label="Run progress" />
        <dl className="grid grid-cols-2 gap-4 text-sm sm:grid-cols-5">
          <div>
            <dt className="text-xs text-slate-500">Cases</dt>
            <dd className="font-semibold text-slate-900 tabular-nums" data-testid="progress-cases">
              {p.doneCases} / {p.totalCases}
            </dd>
          </div>
          <div>
            <dt className="text-xs text-slate-500">Time left</dt>
            <dd className="font-semibold text-slate-900 tabular-nums">
              {eta === null ? "estimating…" : `about ${durationText(eta)}`}
            </dd>
          </div>
          <div>
            <dt className="text-xs text-slate-500">Cost so far</dt>
            <dd className="font-semibold text-slate-900 tabular-nums">{usd(p.costUsd)}</dd>
          </div>
          <div>
            <dt className="text-xs text-slate-500">Errors</dt>
            <dd className="font-semibold text-slate-900 tabular-nums">{p.errorCases}</dd>
          </div>
          <div>
            <dt className="text-xs text-slate-500">From cache</dt>
            <dd className="font-semibold text-slate-900 tabular-nums">{p.cachedCases}</dd>
          </div>
        </dl>
      </CardBody>
    </Card>
  );
}

/** Another run of the same dataset version, or another arm of this run. */
function ComparePicker({ projectId, run }: { projectId: string; run: TExperimentRun }) {
  const trpc = useTRPC();
  const router = useRouter();
  const others = useQuery(trpc.experiments.list.queryOptions({ projectId, datasetId: run.datasetId, limit: 50 }));
  const options: { value: string; label: string }[] = [];
  run.config.arms.forEach((a, i) => {
    if (i > 0) options.push({ value: `${run.id}:0:${i}`, label: `${armLabel(a)} in this run` });
  });
  for (const o of others.data?.runs ?? []) {
    if (o.id === run.id || o.datasetVersion !== run.datasetVersion) continue;
    options.push({
      value: `${o.id}:0:0`,
      label: `${o.name ?? `Run ${o.id.slice(-6)}`} (${o.arms.map(armLabel).join(", ")})`,
    });
  }
  const [pick, setPick] = useState("");
  const value = pick || options[0]?.value || "";
  if (!options.length) return null;
  function go() {
    const [other, baseArm, candArm] = value.split(":");
    const q =
      other === run.id
        ? `baseline=${run.id}&candidate=${run.id}&baselineArm=${baseArm}&candidateArm=${candArm}`
        : `baseline=${other}&candidate=${run.id}`;
    router.push(`/projects/${projectId}/experiments/compare?${q}`);
  }
  return (
    <div className="flex items-center gap-2">
      <Select aria-label="Compare with" className="w-80" value={value} onChange={(e) => setPick(e.target.value)}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </Select>
      <Button variant="secondary" onClick={go}>
        <GitCompare className="size-4" aria-hidden />
        Compare
      </Button>
    </div>
  );
}

function RunBody({ projectId, run, canEdit }: { projectId: string; run: TExperimentRun; canEdit: boolean }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const toast = useToast();
  const cancel = useMutation(
    trpc.experiments.cancel.mutationOptions({
      onSuccess: () => {
        toast.success("Run cancelled");
        void qc.invalidateQueries({ queryKey: trpc.experiments.pathKey() });
      },
      onError: (e) => toast.error(friendlyMessage(e)),
    }),
  );
  const [downloading, setDownloading] = useState(false);
  async function download() {
    setDownloading(true);
    try {
      const artifact = await qc.fetchQuery(trpc.experiments.artifact.queryOptions({ projectId, runId: run.id }));
      const url = URL.createObjectURL(new Blob([JSON.stringify(artifact, null, 2)], { type: "application/json" }));
      const a = document.createElement("a");
      a.href = url;
      a.download = `experiment-${run.id}.json`;
      a.click();
      URL.revokeObjectURL(url);
    } catch (e) {
      toast.error(friendlyMessage(e));
    } finally {
      setDownloading(false);
    }
  }
  const live = LIVE.includes(run.status);
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center gap-3">
        {live && canEdit && (
          <Button
            variant="danger-outline"
            loading={cancel.isPending}
            onClick={() => cancel.mutate({ projectId, runId: run.id })}
          >
            <Square className="size-3.5" aria-hidden />
            Cancel run
          </Button>
        )}
        <Button variant="secondary" loading={downloading} onClick={() => void download()}>
          <Download className="size-4" aria-hidden />
          Download JSON
        </Button>
        <div className="ml-auto">{!live && <ComparePicker projectId={projectId} run={run} />}</div>
      </div>
      {live && <LiveProgress projectId={projectId} run={run} />}
      {run.status === "failed" && run.error && (
        <div role="alert" className="rounded-xl border border-red-200 bg-red-50 px-5 py-4 text-sm text-red-800">
          The run failed: {run.error}
        </div>
      )}
      <VerdictCard run={run} />
      <ArmSummaries run={run} />
      <CasesTable projectId={projectId} run={run} />
    </div>
  );
}

export function RunPage({ projectId, runId }: { projectId: string; runId: string }) {
  const trpc = useTRPC();
  const run = useQuery(trpc.experiments.get.queryOptions({ projectId, runId }));
  return (
    <ProjectFrame projectId={projectId} label="experiment run">
      {(p, crumbs) => {
        if (isNotFound(run.error)) return <NotFoundPanel title="Run not found" />;
        if (run.isError) return <ErrorPanel error={run.error} onRetry={() => void run.refetch()} />;
        if (run.isPending) return <TableSkeleton label="Loading run" />;
        const r = run.data;
        return (
          <>
            <PageHeader
              crumbs={crumbs(
                { label: "Experiments", href: `/projects/${projectId}/experiments` },
                { label: r.name ?? `Run ${r.id.slice(-6)}` },
              )}
              title={
                <span className="flex items-center gap-3">
                  {r.name ?? `Run ${r.id.slice(-6)}`}
                  <StatusBadge status={r.status} />
                  {r.verdict && <VerdictBadge verdict={r.verdict} />}
                </span>
              }
              description={
                <>
                  {r.datasetName} v{r.datasetVersion}
                  {r.partitions.length ? ` (${r.partitions.join(", ")})` : ""} ·{" "}
                  {r.config.arms.map(armLabel).join(" vs ")} ·{" "}
                  {r.config.repeats > 1 ? `${r.config.repeats} repeats · ` : ""}
                  {r.startedAt ? `started ${formatDateTime(r.startedAt)}` : "not started"}
                  {r.endedAt ? ` · took ${durationText(runDuration(r))}` : ""} · cost {usd(r.costUsd)}
                  {r.gitCommit ? ` · commit ${r.gitCommit.slice(0, 8)}` : ""}
                </>
              }
            />
            <RunBody projectId={projectId} run={r} canEdit={hasRole(p.role, "MEMBER")} />
          </>
        );
      }}
    </ProjectFrame>
  );
}
