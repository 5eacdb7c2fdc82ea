"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { AlertTriangle } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { RelativeTime } from "~/components/common/relative-time";
import { BandChart } from "~/components/dashboard/band-chart";
import { ProjectFrame } from "~/components/projects/project-frame";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { Card, CardBody, CardHeader } from "~/components/ui/card";
import { ConfirmDialog } from "~/components/ui/confirm-dialog";
import { Field, fieldProps } from "~/components/ui/field";
import { FormError } from "~/components/ui/form-error";
import { Input } from "~/components/ui/input";
import { PageHeader } from "~/components/ui/page-header";
import { ErrorPanel, NotFoundPanel } from "~/components/ui/query-state";
import { LoadingRegion, Skeleton } from "~/components/ui/skeleton";
import { Table, TD, TH, THead, TR } from "~/components/ui/table";
import { hasRole } from "~/lib/roles";
import { formErrors, isNotFound } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";
import { estimateSample, estimateValue, pct, samplingSummary } from "./format";

export function EvaluatorDetail({ projectId, ruleId }: { projectId: string; ruleId: string }) {
  const trpc = useTRPC();
  const rule = useQuery({ ...trpc.onlineEvals.get.queryOptions({ projectId, ruleId }), refetchInterval: 5000 });
  return (
    <ProjectFrame projectId={projectId} label="evaluator">
      {(p, crumbs) => {
        const list = { label: "Evaluators", href: `/projects/${projectId}/evaluators` };
        if (isNotFound(rule.error)) return <NotFoundPanel title="Evaluator not found" />;
        if (rule.isError) return <ErrorPanel error={rule.error} onRetry={() => void rule.refetch()} />;
        if (!rule.data)
          return (
            <LoadingRegion label="Loading evaluator" className="space-y-4">
              <Skeleton className="h-8 w-64" />
              <Skeleton className="h-64 w-full rounded-xl" />
            </LoadingRegion>
          );
        const r = rule.data;
        return (
          <>
            <PageHeader
              crumbs={crumbs(list, { label: r.name })}
              title={r.name}
              description={
                <span>
                  Judges with{" "}
                  <Link
                    className="font-mono text-indigo-700 hover:underline"
                    href={`/projects/${projectId}/graders/${r.graderId}`}
                  >
                    {r.graderName} v{r.graderVersion}
                  </Link>{" "}
                  · score <span className="font-mono">{r.scoreName}</span> · traces complete after an end marker or{" "}
                  {r.idleTimeoutSeconds} s idle
                </span>
              }
              actions={
                <RuleActions
                  projectId={projectId}
                  ruleId={ruleId}
                  enabled={r.enabled}
                  canEdit={hasRole(p.role, "MEMBER")}
                  canAdmin={hasRole(p.role, "ADMIN")}
                />
              }
            />
            {r.budget.paused && (
              <div
                role="status"
                className="mb-4 flex items-start gap-2 rounded-lg border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900"
              >
                <AlertTriangle className="mt-0.5 size-4 shrink-0" aria-hidden />
                <span>
                  <strong>Sampling paused.</strong> {r.budget.reason}. Estimates cover the traffic judged before the
                  pause.
                </span>
              </div>
            )}
            <div className="space-y-6">
              <EstimatesCard projectId={projectId} ruleId={ruleId} scoreName={r.scoreName} />
              <Card aria-labelledby="cfg-title">
                <CardHeader id="cfg-title" title="Configuration" />
                <CardBody>
                  <dl className="grid gap-x-6 gap-y-3 text-sm md:grid-cols-2">
                    <Item label="Status">
                      {!r.enabled ? (
                        <Badge tone="neutral">Disabled</Badge>
                      ) : r.budget.paused ? (
                        <Badge tone="amber">Paused: budget</Badge>
                      ) : (
                        <Badge tone="green">Active</Badge>
                      )}
                    </Item>
                    <Item label="Sampling">{samplingSummary(r.sampling)}</Item>
                    <Item label="Traffic filter">
                      <span className="font-mono text-xs">
                        {Object.keys(r.filter).length ? JSON.stringify(r.filter) : "every trace"}
                      </span>
                    </Item>
                    <Item label="Variables">
                      <span className="font-mono text-xs">
                        input ← {r.mapping.input}, output ← {r.mapping.output}
                        {r.mapping.expected && `, expected ← ${r.mapping.expected}`}
                        {r.mapping.context && `, context ← ${r.mapping.context}`}
                      </span>
                    </Item>
                    <Item label="Daily budget">
                      {r.dailyCallBudget == null && r.dailyCostBudgetUsd == null
                        ? "none"
                        : [
                            r.dailyCallBudget != null && `${r.dailyCallBudget.toLocaleString()} calls`,
                            r.dailyCostBudgetUsd != null && `$${r.dailyCostBudgetUsd.toFixed(2)}`,
                          ]
                            .filter(Boolean)
                            .join(" · ")}
                    </Item>
                    <Item label="Used today (UTC)">
                      {r.usageToday.calls.toLocaleString()} judge calls · ${r.usageToday.costUsd.toFixed(4)}
                    </Item>
                  </dl>
                </CardBody>
              </Card>
              <BackfillCard
                projectId={projectId}
                ruleId={ruleId}
                backfills={r.backfills}
                canEdit={hasRole(p.role, "MEMBER")}
              />
              <Card aria-labelledby="recent-title">
                <CardHeader
                  id="recent-title"
                  title="Recent judgments"
                  description="The last 50 traces this rule judged."
                />
                {r.recent.length === 0 ? (
                  <CardBody>
                    <p className="text-sm text-slate-500">
                      Nothing judged yet. Traces are judged once complete: right after the SDK&apos;s trace.end(), or{" "}
                      {r.idleTimeoutSeconds} s after their last observation.
                    </p>
                  </CardBody>
                ) : (
                  <Table label="Recent judgments">
                    <THead>
                      <tr>
                        <TH>Trace</TH>
                        <TH className="text-right">Score</TH>
                        <TH>Sampled by</TH>
                        <TH className="text-right">π</TH>
                        <TH>Prompt</TH>
                        <TH>Reason</TH>
                        <TH className="text-right">When</TH>
                      </tr>
                    </THead>
                    <tbody>
                      {r.recent.map((j) => (
                        <TR key={j.id}>
                          <TD className="max-w-40">
                            <Link
                              href={`/projects/${projectId}/traces/${encodeURIComponent(j.traceId)}`}
                              className="block truncate font-mono text-xs text-indigo-700 hover:underline"
                            >
                              {j.traceId}
                            </Link>
                          </TD>
                          <TD className="text-right tabular-nums">
                            {j.status === "scored" ? j.value?.toFixed(2) : <Badge tone="red">failed</Badge>}
                          </TD>
                          <TD className="text-xs">
                            {j.sampledBy}
                            {j.stratum && j.stratum !== "(other)" ? ` · ${j.stratum}` : ""}
                          </TD>
                          <TD className="text-right text-xs tabular-nums">{+j.inclusionProb.toFixed(4)}</TD>
                          <TD className="text-xs">{j.promptVersion ?? "—"}</TD>
                          <TD className="max-w-80 truncate text-xs text-slate-600" title={j.reason ?? undefined}>
                            {j.reason}
                          </TD>
                          <TD className="text-right text-xs text-slate-500">
                            <RelativeTime value={j.createdAt} />
                          </TD>
                        </TR>
                      ))}
                    </tbody>
                  </Table>
                )}
              </Card>
            </div>
          </>
        );
      }}
    </ProjectFrame>
  );
}

function Item({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <dt className="text-xs font-medium tracking-wide text-slate-500 uppercase">{label}</dt>
      <dd className="mt-0.5 text-slate-800">{children}</dd>
    </div>
  );
}

function RuleActions(props: {
  projectId: string;
  ruleId: string;
  enabled: boolean;
  canEdit: boolean;
  canAdmin: boolean;
}) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const router = useRouter();
  const [confirm, setConfirm] = useState(false);
  const invalidate = () => qc.invalidateQueries({ queryKey: trpc.onlineEvals.pathKey() });
  const update = useMutation(trpc.onlineEvals.update.mutationOptions({ onSuccess: invalidate }));
  const del = useMutation(
    trpc.onlineEvals.delete.mutationOptions({
      onSuccess: async () => {
        await invalidate();
        router.push(`/projects/${props.projectId}/evaluators`);
      },
    }),
  );
  return (
    <span className="flex gap-2">
      {props.canEdit && (
        <Button
          variant="secondary"
          size="sm"
          disabled={update.isPending}
          onClick={() => update.mutate({ projectId: props.projectId, ruleId: props.ruleId, enabled: !props.enabled })}
        >
          {props.enabled ? "Disable" : "Enable"}
        </Button>
      )}
      {props.canAdmin && (
        <>
          <Button variant="danger" size="sm" onClick={() => setConfirm(true)}>
            Delete
          </Button>
          <ConfirmDialog
            open={confirm}
            onClose={() => setConfirm(false)}
            title="Delete this evaluator?"
            description="Its judgments are deleted; the scores it wrote stay on the traces."
            confirmLabel="Delete"
            onConfirm={() => del.mutate({ projectId: props.projectId, ruleId: props.ruleId })}
          />
        </>
      )}
    </span>
  );
}

function EstimatesCard({ projectId, ruleId, scoreName }: { projectId: string; ruleId: string; scoreName: string }) {
  const trpc = useTRPC();
  const est = useQuery({
    ...trpc.onlineEvals.estimates.queryOptions({ projectId, ruleId, days: 14 }),
    refetchInterval: 5000,
  });
  const e = est.data;
  return (
    <Card aria-labelledby="est-title">
      <CardHeader
        id="est-title"
        title={`Online ${scoreName}`}
        description="Weighted by each judged trace's inclusion probability (Hájek estimator), so over-sampled strata and always-judged traces do not skew the mean. ± is a 95% confidence interval for the sampling design; n of N = judged of the filter's traces."
      />
      <CardBody className="space-y-5">
        {est.isError ? (
          <ErrorPanel error={est.error} onRetry={() => void est.refetch()} />
        ) : !e ? (
          <Skeleton className="h-40 w-full" />
        ) : !e.overall ? (
          <p className="text-sm text-slate-500">No judged traces in the last 14 days.</p>
        ) : (
          <>
            <p className="flex flex-wrap items-baseline gap-x-3" data-testid="overall-estimate">
              <span className="text-3xl font-semibold text-slate-900 tabular-nums">{estimateValue(e.overall)}</span>
              <span className="text-sm text-slate-500">
                {scoreName} · {estimateSample(e.overall)} · last 14 days
              </span>
            </p>
            {e.byDay.length > 0 && (
              <BandChart
                labels={e.byDay.map((d) => d.day.slice(5))}
                series={[
                  {
                    key: "mean",
                    label: `${scoreName} (95% CI)`,
                    color: "#4f46e5",
                    points: e.byDay.map((d) => ({
                      value: d.mean,
                      lower: d.ciLow,
                      upper: d.ciHigh,
                      n: d.n,
                      lowSample: d.n < 30,
                    })),
                  },
                ]}
                markers={[]}
                format={(v) => v.toFixed(2)}
                height={200}
              />
            )}
            <Table label="By prompt version">
              <THead>
                <tr>
                  <TH>Prompt version</TH>
                  <TH className="text-right">{scoreName}</TH>
                  <TH className="text-right">Judged</TH>
                  <TH className="text-right">Traffic</TH>
                  <TH className="text-right">Unweighted mean</TH>
                </tr>
              </THead>
              <tbody>
                {e.byPromptVersion.map((v) => (
                  <TR key={v.promptVersion}>
                    <TD className="font-mono text-xs">{v.promptVersion}</TD>
                    <TD className="text-right tabular-nums">{estimateValue(v)}</TD>
                    <TD className="text-right tabular-nums">{v.n.toLocaleString()}</TD>
                    <TD className="text-right tabular-nums">{v.population.toLocaleString()}</TD>
                    <TD className="text-right text-slate-500 tabular-nums">{v.naiveMean.toFixed(2)}</TD>
                  </TR>
                ))}
              </tbody>
            </Table>
          </>
        )}
      </CardBody>
    </Card>
  );
}

type TBackfill = {
  id: string;
  from: Date | string;
  to: Date | string;
  status: string;
  total: number;
  processed: number;
  judged: number;
  error: string | null;
};

function BackfillCard(props: { projectId: string; ruleId: string; backfills: TBackfill[]; canEdit: boolean }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const today = new Date();
  const [from, setFrom] = useState(new Date(today.getTime() - 7 * 86_400_000).toISOString().slice(0, 10));
  const [to, setTo] = useState(new Date(today.getTime() + 86_400_000).toISOString().slice(0, 10));
  const start = useMutation(
    trpc.onlineEvals.backfill.mutationOptions({
      onSuccess: () =>
        qc.invalidateQueries({
          queryKey: trpc.onlineEvals.get.queryKey({ projectId: props.projectId, ruleId: props.ruleId }),
        }),
    }),
  );
  const err = formErrors(start.error, ["from", "to"]);
  function onSubmit(e: FormEvent) {
    e.preventDefault();
    start.mutate({ projectId: props.projectId, ruleId: props.ruleId, from: new Date(from), to: new Date(to) });
  }
  return (
    <Card aria-labelledby="bf-title">
      <CardHeader
        id="bf-title"
        title="Backfill"
        description="Judge this rule's sample of a past window (UTC dates, up to 31 days). Traces already judged are skipped."
      />
      <CardBody className="space-y-4">
        {props.canEdit && (
          <form onSubmit={onSubmit} noValidate className="flex flex-wrap items-end gap-3">
            <Field id="bf-from" label="From" error={err.fields.from}>
              <Input
                {...fieldProps("bf-from", err.fields.from)}
                type="date"
                value={from}
                onChange={(e) => setFrom(e.target.value)}
              />
            </Field>
            <Field id="bf-to" label="To" error={err.fields.to}>
              <Input
                {...fieldProps("bf-to", err.fields.to)}
                type="date"
                value={to}
                onChange={(e) => setTo(e.target.value)}
              />
            </Field>
            <Button type="submit" variant="secondary" disabled={start.isPending}>
              Start backfill
            </Button>
            {err.form && <FormError>{err.form}</FormError>}
          </form>
        )}
        {props.backfills.length === 0 ? (
          <p className="text-sm text-slate-500">No backfills yet.</p>
        ) : (
          <ul className="space-y-3" aria-label="Backfills">
            {props.backfills.map((b) => {
              const share = b.total ? Math.min(1, b.processed / b.total) : b.status === "completed" ? 1 : 0;
              return (
                <li key={b.id} className="text-sm">
                  <div className="flex flex-wrap items-center justify-between gap-2">
                    <span>
                      {new Date(b.from).toISOString().slice(0, 10)} → {new Date(b.to).toISOString().slice(0, 10)}
                    </span>
                    <span className="flex items-center gap-2 text-xs text-slate-600">
                      {b.processed.toLocaleString()} of {b.total.toLocaleString()} traces · {b.judged.toLocaleString()}{" "}
                      judged
                      <Badge tone={b.status === "completed" ? "green" : b.status === "failed" ? "red" : "indigo"}>
                        {b.status}
                      </Badge>
                    </span>
                  </div>
                  <div
                    className="mt-1 h-1.5 w-full overflow-hidden rounded-full bg-slate-100"
                    role="progressbar"
                    aria-label="Backfill progress"
                    aria-valuemin={0}
                    aria-valuemax={100}
                    aria-valuenow={Math.round(share * 100)}
                  >
                    <div className="h-full bg-indigo-500" style={{ width: pct(share) }} />
                  </div>
                  {b.error && <p className="mt-1 text-xs text-red-600">{b.error}</p>}
                </li>
              );
            })}
          </ul>
        )}
      </CardBody>
    </Card>
  );
}
