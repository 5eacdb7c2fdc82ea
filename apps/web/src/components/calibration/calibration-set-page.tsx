"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { Play } from "lucide-react";
import { useEffect, useState } from "react";
import { ProviderNotice } from "~/components/common/provider-notice";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { Card } from "~/components/ui/card";
import { FormError } from "~/components/ui/form-error";
import { PageHeader, type TCrumb } from "~/components/ui/page-header";
import { ErrorPanel, NotFoundPanel } from "~/components/ui/query-state";
import { LoadingRegion, Skeleton } from "~/components/ui/skeleton";
import { Tabs } from "~/components/ui/tabs";
import { useToast } from "~/components/ui/toast";
import { ProjectFrame } from "~/components/projects/project-frame";
import { fmtStat, type TCalibrationSet } from "~/lib/calibration";
import { hasRole, type Role } from "~/lib/roles";
import { friendlyMessage, isNotFound } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";
import { AgreementResults } from "./agreement-results";
import { CalibrationBadge } from "./calibration-badge";
import { LabelItems } from "./label-items";
import { RunHistory } from "./run-history";

type TTab = "label" | "results" | "runs";

function Progress({ set }: { set: TCalibrationSet }) {
  const share = set.itemCount ? Math.min(1, set.labelCount / set.itemCount) : 0;
  return (
    <div className="min-w-56">
      <div className="flex justify-between text-xs text-slate-500">
        <span>
          <span className="font-semibold text-slate-900 tabular-nums" data-testid="label-count">
            {set.labelCount}
          </span>{" "}
          of {set.itemCount} items labelled
        </span>
        <span className="tabular-nums">{Math.round(share * 100)}%</span>
      </div>
      <div
        className="mt-1 h-1.5 overflow-hidden rounded-full bg-slate-100"
        role="progressbar"
        aria-label="Items labelled"
        aria-valuemin={0}
        aria-valuemax={set.itemCount}
        aria-valuenow={set.labelCount}
      >
        <div className="h-full rounded-full bg-indigo-500 transition-all" style={{ width: `${share * 100}%` }} />
      </div>
    </div>
  );
}

function JudgingProgress({ judged, total }: { judged: number; total: number }) {
  const share = total ? Math.min(1, judged / total) : 0;
  return (
    <div className="mb-4 rounded-xl border border-indigo-200 bg-indigo-50/60 px-4 py-3" aria-live="polite">
      <p className="text-sm text-indigo-900">
        The judge is scoring the labelled items:{" "}
        <span className="font-semibold tabular-nums" data-testid="judging-progress">
          {judged} of {total}
        </span>{" "}
        done. Results appear here when it finishes.
      </p>
      <div
        className="mt-2 h-1.5 overflow-hidden rounded-full bg-indigo-100"
        role="progressbar"
        aria-label="Judging"
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={judged}
      >
        <div
          className="h-full rounded-full bg-indigo-500 transition-all"
          style={{ width: `${Math.max(share * 100, 3)}%` }}
        />
      </div>
    </div>
  );
}

function SetBody({
  projectId,
  setId,
  role,
  crumbs,
}: {
  projectId: string;
  setId: string;
  role: Role;
  crumbs: (...rest: TCrumb[]) => TCrumb[];
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const query = useQuery(trpc.calibration.getSet.queryOptions({ projectId, setId }));
  const [tab, setTab] = useState<TTab | null>(null);
  const [runId, setRunId] = useState<string | null>(null);
  const canEdit = hasRole(role, "MEMBER");
  const run = useMutation(
    trpc.calibration.run.mutationOptions({
      onSuccess: async (r) => {
        await queryClient.invalidateQueries({ queryKey: trpc.calibration.getSet.queryKey({ projectId, setId }) });
        await queryClient.invalidateQueries({ queryKey: trpc.graders.pathKey() });
        setRunId(r.id);
        toast.success(`Judging ${r.itemCount} items in the background`);
      },
    }),
  );

  // The judge runs as a job: while the set's latest run is running, its stored judgments are
  // counted for a progress bar; when none is running any more, the set (and its results) reload.
  const judging = run.isPending || query.data?.runs[0]?.status === "running";
  const progress = useQuery({
    ...trpc.calibration.progress.queryOptions({ projectId, setId }),
    enabled: judging,
    refetchInterval: judging ? 1000 : false,
  });
  const finished = judging && !run.isPending && progress.isSuccess && progress.data === null;
  useEffect(() => {
    if (!finished) return;
    // The set, its runs (the results shown were loaded while judging) and the progress.
    void queryClient.invalidateQueries({ queryKey: trpc.calibration.pathKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.graders.pathKey() });
    setTab("results");
  }, [finished, queryClient, trpc, projectId, setId]);

  // The judge's model, to say before "Run judge" when no provider key serves it.
  const graderId = query.data?.grader.id;
  const grader = useQuery(
    trpc.graders.get.queryOptions({ projectId, graderId: graderId ?? "" }, { enabled: Boolean(graderId) }),
  );
  const judgeModel =
    grader.data?.versions.find((v) => v.version === query.data?.grader.latestVersion)?.judgeModel ?? null;

  if (isNotFound(query.error)) return <NotFoundPanel title="Calibration set not found" />;
  if (query.isError) return <ErrorPanel error={query.error} onRetry={() => void query.refetch()} />;
  if (query.isPending) {
    return (
      <LoadingRegion label="Loading calibration set" className="space-y-6">
        <Skeleton className="h-8 w-64" />
        <Skeleton className="h-72 w-full rounded-xl" />
      </LoadingRegion>
    );
  }
  const set = query.data;
  const latest = set.runs[0] ?? null;
  const shownRunId = runId ?? latest?.id ?? null;
  const activeTab: TTab = tab ?? (latest ? "results" : "label");
  const refreshSet = () =>
    void queryClient.invalidateQueries({ queryKey: trpc.calibration.getSet.queryKey({ projectId, setId }) });

  return (
    <>
      <PageHeader
        crumbs={crumbs(
          { label: "Graders", href: `/projects/${projectId}/graders` },
          { label: set.grader.name, href: `/projects/${projectId}/graders/${set.grader.id}` },
          { label: set.name },
        )}
        title={set.name}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <span>
              Judge{" "}
              <Link
                className="font-medium text-indigo-700 hover:underline"
                href={`/projects/${projectId}/graders/${set.grader.id}`}
              >
                {set.grader.name}
              </Link>{" "}
              v{set.grader.latestVersion} on{" "}
              <Link
                className="font-medium text-indigo-700 hover:underline"
                href={`/projects/${projectId}/datasets/${set.dataset.id}`}
              >
                {set.dataset.name}
              </Link>{" "}
              v{set.datasetVersion} · scale {set.scale.min}–{set.scale.max} · κ threshold {fmtStat(set.kappaThreshold)}
            </span>
            <CalibrationBadge calibration={set.calibration} />
          </span>
        }
        actions={
          canEdit ? (
            <Button
              onClick={() => run.mutate({ projectId, setId })}
              loading={run.isPending}
              disabled={set.labelCount < 2}
            >
              <Play className="size-4" aria-hidden />
              {run.isPending ? `Judging ${set.labelCount} items…` : "Run judge"}
            </Button>
          ) : undefined
        }
      />
      <Card className="mb-6 flex flex-wrap items-center justify-between gap-4 px-5 py-4">
        <Progress set={set} />
        <p className="max-w-xl text-xs text-slate-500">
          Score each output yourself on the rubric's scale, without looking at the judge. Around 20 labelled items give
          a first read; the confidence intervals show how much more you need.
          {set.labelCount < 2 && (
            <span className="font-medium text-slate-700"> Label at least 2 items to run the judge.</span>
          )}
        </p>
      </Card>
      {canEdit && (
        <div className="mb-4 empty:hidden">
          <ProviderNotice projectId={projectId} model={judgeModel} />
        </div>
      )}
      {judging && (
        <JudgingProgress judged={progress.data?.judged ?? 0} total={progress.data?.itemCount ?? set.labelCount} />
      )}
      {run.error && (
        <div className="mb-4">
          <FormError>{friendlyMessage(run.error)}</FormError>
        </div>
      )}
      <Tabs
        label="Calibration"
        value={activeTab}
        onChange={setTab}
        tabs={[
          { id: "label", label: "Label items" },
          {
            id: "results",
            label: (
              <>
                Agreement{" "}
                {latest?.status === "completed" && (
                  <Badge tone={latest.calibrated && !latest.stale ? "green" : latest.stale ? "amber" : "red"}>
                    κ {fmtStat(latest.kappa)}
                  </Badge>
                )}
              </>
            ),
          },
          { id: "runs", label: `Runs (${set.runs.length})` },
        ]}
      >
        <div className="mt-5">
          {activeTab === "label" && (
            <LabelItems projectId={projectId} setId={setId} canEdit={canEdit} onLabelsChanged={refreshSet} />
          )}
          {activeTab === "results" &&
            (shownRunId ? (
              <AgreementResults projectId={projectId} runId={shownRunId} />
            ) : (
              <div className="rounded-xl border border-dashed border-slate-300 px-6 py-12 text-center text-sm text-slate-500">
                No run yet. Label items, then press Run judge.
              </div>
            ))}
          {activeTab === "runs" && (
            <RunHistory
              runs={set.runs}
              selected={shownRunId}
              onSelect={(id) => {
                setRunId(id);
                setTab("results");
              }}
            />
          )}
        </div>
      </Tabs>
    </>
  );
}

export function CalibrationSetPage({ projectId, setId }: { projectId: string; setId: string }) {
  return (
    <ProjectFrame projectId={projectId} label="calibration set">
      {(p, crumbs) => <SetBody projectId={projectId} setId={setId} role={p.role} crumbs={crumbs} />}
    </ProjectFrame>
  );
}
