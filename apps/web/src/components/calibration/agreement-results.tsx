"use client";
import { useQuery } from "@tanstack/react-query";
import { judgeBias, confusionView } from "@yardstick/core/judge-view";
import { CheckCircle2, AlertTriangle, XCircle } from "lucide-react";
import type { ReactNode } from "react";
import { Card, CardBody, CardHeader } from "~/components/ui/card";
import { ErrorPanel } from "~/components/ui/query-state";
import { LoadingRegion, Skeleton } from "~/components/ui/skeleton";
import { Table, TD, TH, THead, TR } from "~/components/ui/table";
import { formatCost, formatTokens } from "~/lib/metrics-format";
import { fmtCI, fmtPct, fmtStat, type TCalibrationRun } from "~/lib/calibration";
import { useTRPC } from "~/trpc/react";
import { ConfusionMatrix, ScoreDistribution } from "./confusion-matrix";

function Metric({
  label,
  value,
  ci,
  hint,
  testId,
}: {
  label: string;
  value: string;
  ci: string;
  hint: string;
  testId: string;
}) {
  return (
    <div className="rounded-xl border border-slate-200 bg-white px-4 py-3">
      <dt className="text-xs font-medium text-slate-500">{label}</dt>
      <dd className="mt-1 text-2xl font-semibold text-slate-900 tabular-nums" data-testid={testId}>
        {value}
      </dd>
      <dd className="text-xs text-slate-500 tabular-nums">{ci}</dd>
      <dd className="mt-1 text-xs text-slate-400">{hint}</dd>
    </div>
  );
}

function Verdict({ run }: { run: TCalibrationRun }) {
  const a = run.results;
  let icon: ReactNode;
  let tone: string;
  let text: string;
  if (run.status === "failed") {
    icon = <XCircle className="size-5 text-red-600" aria-hidden />;
    tone = "border-red-200 bg-red-50 text-red-900";
    text = `The run failed: ${run.error ?? "unknown error"}`;
  } else if (run.stale) {
    icon = <AlertTriangle className="size-5 text-amber-600" aria-hidden />;
    tone = "border-amber-200 bg-amber-50 text-amber-900";
    text = `This run judged with v${run.graderVersion.version}; the grader has changed since. Run the judge again to calibrate the current version.`;
  } else if (run.calibrated) {
    icon = <CheckCircle2 className="size-5 text-emerald-600" aria-hidden />;
    tone = "border-emerald-200 bg-emerald-50 text-emerald-900";
    text = `Calibrated: weighted κ ${fmtStat(run.kappa)} ≥ ${fmtStat(run.set.kappaThreshold)}. The judge's scores can stand in for people on items like these.`;
  } else {
    icon = <XCircle className="size-5 text-red-600" aria-hidden />;
    tone = "border-red-200 bg-red-50 text-red-900";
    text =
      a?.kappa === null
        ? "Uncalibrated: κ is undefined on this sample (too few items, or a rater used a single level)."
        : `Uncalibrated: weighted κ ${fmtStat(run.kappa)} is below ${fmtStat(run.set.kappaThreshold)}. Improve the rubric or change the judge model, then run again.`;
  }
  return (
    <div
      className={`flex items-start gap-3 rounded-xl border px-4 py-3 text-sm ${tone}`}
      role="status"
      data-testid="calibration-verdict"
    >
      {icon}
      <p>{text}</p>
    </div>
  );
}

function Judgments({ run }: { run: TCalibrationRun }) {
  return (
    <Table label="Judgments">
      <THead>
        <tr>
          <TH>Item</TH>
          <TH className="text-right">Human</TH>
          <TH className="text-right">Judge</TH>
          <TH className="text-right">Mean ± var</TH>
          <TH>Judge's reasoning</TH>
        </tr>
      </THead>
      <tbody>
        {run.judgments.map((j) => {
          const off = j.score !== null ? Math.abs(j.score - j.humanScore) : null;
          return (
            <TR key={j.itemKey}>
              <TD className="font-mono text-xs">{j.itemKey}</TD>
              <TD className="text-right font-semibold tabular-nums">{j.humanScore}</TD>
              <TD
                className={`text-right font-semibold tabular-nums ${off === 0 ? "text-emerald-700" : off === 1 ? "text-amber-700" : "text-red-700"}`}
              >
                {j.score ?? "—"}
              </TD>
              <TD className="text-right font-mono text-xs whitespace-nowrap text-slate-500 tabular-nums">
                {j.meanScore === null ? "—" : `${fmtStat(j.meanScore)} ± ${fmtStat(j.variance)}`}
                {j.stable === false && <span className="ml-1 text-amber-700">unstable</span>}
              </TD>
              <TD className="max-w-md text-xs text-slate-600">
                {j.error ? (
                  <span className="text-red-700">{j.error}</span>
                ) : (
                  <span className="line-clamp-2">{j.reasoning}</span>
                )}
              </TD>
            </TR>
          );
        })}
      </tbody>
    </Table>
  );
}

/** Agreement between people and the judge for one run: verdict, κ / ρ / exact agreement with CIs, heat map, per-item table. */
export function AgreementResults({ projectId, runId }: { projectId: string; runId: string }) {
  const trpc = useTRPC();
  // A run still judging in the background is polled until it has its results.
  const query = useQuery({
    ...trpc.calibration.getRun.queryOptions({ projectId, runId }),
    refetchInterval: (q) => (q.state.data?.status === "running" ? 1500 : false),
  });
  if (query.isPending) {
    return (
      <LoadingRegion label="Loading results" className="space-y-4">
        <Skeleton className="h-14 w-full rounded-xl" />
        <Skeleton className="h-28 w-full rounded-xl" />
        <Skeleton className="h-64 w-full rounded-xl" />
      </LoadingRegion>
    );
  }
  if (query.isError) return <ErrorPanel error={query.error} onRetry={() => void query.refetch()} />;
  const run = query.data;
  const a = run.results;
  const bias = a ? judgeBias(confusionView(a.levels, a.confusion)) : null;
  return (
    <div className="space-y-5">
      <Verdict run={run} />
      {a && (
        <>
          <dl className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
            <Metric
              label={`Cohen's κ (${a.weights} weights)`}
              value={fmtStat(a.kappa)}
              ci={fmtCI(a.kappaCI)}
              hint={`threshold ${fmtStat(a.kappaThreshold)}`}
              testId="metric-kappa"
            />
            <Metric
              label="Spearman ρ"
              value={fmtStat(a.spearman)}
              ci={fmtCI(a.spearmanCI)}
              hint="rank correlation"
              testId="metric-spearman"
            />
            <Metric
              label="Exact agreement"
              value={fmtPct(a.exactAgreement)}
              ci={fmtCI(a.exactAgreementCI, true)}
              hint="same score as the human"
              testId="metric-exact"
            />
            <Metric
              label="Judged items"
              value={`${a.n}`}
              ci={`${run.failedCount} failed · ${formatTokens(run.inputTokens + run.outputTokens)} tokens · ${run.costUsd === null ? "no price" : formatCost(run.costUsd)}`}
              hint={bias === null ? "" : `judge ${bias >= 0 ? "+" : ""}${fmtStat(bias)} vs people on average`}
              testId="metric-n"
            />
          </dl>
          <div className="grid gap-5 lg:grid-cols-[auto_minmax(0,1fr)]">
            <Card>
              <CardHeader
                title="Confusion matrix"
                description="Where people and the judge agree (diagonal) and disagree"
              />
              <CardBody>
                <ConfusionMatrix agreement={a} />
              </CardBody>
            </Card>
            <Card>
              <CardHeader
                title="Score distribution"
                description="A judge that bunches its scores can agree often and still not discriminate"
              />
              <CardBody>
                <ScoreDistribution agreement={a} />
                {a.notes.length > 0 && (
                  <ul className="mt-4 list-disc space-y-1 pl-5 text-xs text-slate-500">
                    {a.notes.map((n) => (
                      <li key={n}>{n}</li>
                    ))}
                  </ul>
                )}
              </CardBody>
            </Card>
          </div>
        </>
      )}
      {run.judgments.length > 0 && (
        <Card className="overflow-hidden">
          <CardHeader
            title="Per item"
            description="Human score beside the judge's; the judge's score is its samples' mean, rounded"
          />
          <Judgments run={run} />
        </Card>
      )}
    </div>
  );
}
