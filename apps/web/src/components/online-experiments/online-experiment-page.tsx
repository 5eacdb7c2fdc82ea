"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { AreaChart, BarChart } from "@tremor/react";
import { AlertTriangle, CheckCircle2, ShieldCheck } from "lucide-react";
import { useState } from "react";
import { metricLabel } from "@yardstick/contracts/online-experiments";
import { ProjectFrame } from "~/components/projects/project-frame";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { Card, CardBody, CardHeader } from "~/components/ui/card";
import { ConfirmDialog } from "~/components/ui/confirm-dialog";
import { FormError } from "~/components/ui/form-error";
import { PageHeader } from "~/components/ui/page-header";
import { ErrorPanel, NotFoundPanel } from "~/components/ui/query-state";
import { Select } from "~/components/ui/select";
import { LoadingRegion, Skeleton } from "~/components/ui/skeleton";
import { Table, TD, TH, THead, TR } from "~/components/ui/table";
import { hasRole } from "~/lib/roles";
import { isNotFound } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";
import { MODE_LABEL, OnlineStatusBadge, UNIT_LABEL, formatMetric, pValue, type TOnlineReadout } from "./format";

const COLORS = ["slate", "indigo", "emerald", "amber", "violet", "cyan", "rose", "lime"];

type TMetricResult = NonNullable<TOnlineReadout["readout"]>["primary"];

function Stat({ label, value, hint }: { label: string; value: React.ReactNode; hint?: React.ReactNode }) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white px-4 py-3">
      <p className="text-xs font-medium tracking-wide text-slate-500 uppercase">{label}</p>
      <p className="mt-1 text-xl font-semibold text-slate-900 tabular-nums">{value}</p>
      {hint && <p className="mt-0.5 text-xs text-slate-500">{hint}</p>}
    </div>
  );
}

function MetricTable({ m, metricKind }: { m: TMetricResult; metricKind: string }) {
  const kind = m.kind === "rate" ? "rate" : metricKind;
  const cmp = new Map(m.comparisons.map((c) => [c.key, c]));
  return (
    <Table label={`${m.name} per variant`}>
      <THead>
        <tr>
          <TH>Variant</TH>
          <TH className="text-right">Units</TH>
          <TH className="text-right">{m.name}</TH>
          <TH className="text-right">95% CI</TH>
          <TH className="text-right">Δ vs control</TH>
          <TH className="text-right">Peek-safe 95% CI of Δ</TH>
          <TH className="text-right">p (always valid)</TH>
          <TH>Outcome</TH>
        </tr>
      </THead>
      <tbody>
        {m.variants.map((v) => {
          const c = cmp.get(v.key);
          return (
            <TR key={v.key}>
              <TD className="font-mono text-sm">{v.key}</TD>
              <TD className="text-right tabular-nums">{v.n.toLocaleString()}</TD>
              <TD className="text-right font-medium tabular-nums">{formatMetric(kind, v.estimate)}</TD>
              <TD className="text-right text-xs text-slate-500 tabular-nums">
                {v.ci ? `${formatMetric(kind, v.ci.lower)} – ${formatMetric(kind, v.ci.upper)}` : "—"}
              </TD>
              <TD className="text-right tabular-nums">{c ? formatMetric(kind, c.difference, true) : "control"}</TD>
              <TD className="text-right text-xs text-slate-500 tabular-nums">
                {c
                  ? `${formatMetric(kind, c.peekSafe.ci.lower, true)} to ${formatMetric(kind, c.peekSafe.ci.upper, true)}`
                  : ""}
              </TD>
              <TD className="text-right tabular-nums">{c ? pValue(c.pAdjusted) : ""}</TD>
              <TD>
                {c && (
                  <Badge tone={c.outcome === "better" ? "green" : c.outcome === "worse" ? "red" : "neutral"}>
                    {c.outcome}
                  </Badge>
                )}
              </TD>
            </TR>
          );
        })}
      </tbody>
    </Table>
  );
}

function Verdict({ r }: { r: NonNullable<TOnlineReadout["readout"]> }) {
  const tone =
    r.decision === "ship"
      ? "border-emerald-200 bg-emerald-50 text-emerald-900"
      : r.decision === "untrustworthy" || r.decision === "guardrail_failed"
        ? "border-red-200 bg-red-50 text-red-900"
        : "border-slate-200 bg-slate-50 text-slate-800";
  const Icon =
    r.decision === "ship"
      ? CheckCircle2
      : r.decision === "keep_running" || r.decision === "stop_no_effect"
        ? ShieldCheck
        : AlertTriangle;
  return (
    <div className={`flex gap-3 rounded-xl border px-5 py-4 ${tone}`} role="status" aria-label="Verdict">
      <Icon className="mt-0.5 size-5 shrink-0" aria-hidden />
      <div>
        <p className="font-semibold">Verdict: {r.decision.replaceAll("_", " ")}</p>
        <p className="mt-1 text-sm">{r.verdict}</p>
        <p className="mt-2 text-xs opacity-80">
          Peek-safe: differences use confidence sequences (always-valid p-values), so this page can be checked at any
          time without inflating false positives. Secondary metrics are Holm-adjusted.
        </p>
      </div>
    </div>
  );
}

function SrmPanel({ r }: { r: NonNullable<TOnlineReadout["readout"]> }) {
  if (!r.srm) return <p className="text-sm text-slate-500">No exposures yet.</p>;
  return (
    <div
      className={
        r.srm.flagged ? "rounded-lg border border-red-200 bg-red-50 p-4" : "rounded-lg border border-slate-200 p-4"
      }
    >
      <p className="text-sm font-medium text-slate-900">
        Sample ratio check: {r.srm.flagged ? "MISMATCH" : "OK"}{" "}
        <span className="font-normal text-slate-500">
          (χ² = {r.srm.chi2.toFixed(2)}, p = {pValue(r.srm.p)}; flagged below 0.001)
        </span>
      </p>
      {r.srm.flagged && (
        <p className="mt-1 text-sm text-red-800">
          Exposures do not match the planned split, so this readout is untrustworthy until the cause is found (a variant
          that crashes before exposure, bots, a caching layer, a redirect).
        </p>
      )}
      <p className="mt-1 text-xs text-slate-500">
        Observed {r.srm.observedShares.map((s) => `${(s * 100).toFixed(1)}%`).join(" / ")} vs expected{" "}
        {r.srm.expectedShares.map((s) => `${(s * 100).toFixed(1)}%`).join(" / ")}
      </p>
    </div>
  );
}

function Actions({ projectId, data, canEdit }: { projectId: string; data: TOnlineReadout; canEdit: boolean }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const e = data.experiment;
  const [shipOpen, setShipOpen] = useState(false);
  const [stopOpen, setStopOpen] = useState(false);
  const winner = data.readout?.winner ?? null;
  const [shipKey, setShipKey] = useState<string>(winner ?? e.variants.find((v) => !v.isControl)?.key ?? "");
  const refresh = () => qc.invalidateQueries({ queryKey: trpc.onlineExperiments.pathKey() });
  const opts = { onSuccess: refresh };
  const start = useMutation(trpc.onlineExperiments.start.mutationOptions(opts));
  const pause = useMutation(trpc.onlineExperiments.pause.mutationOptions(opts));
  const stop = useMutation(
    trpc.onlineExperiments.stop.mutationOptions({ onSuccess: () => (setStopOpen(false), refresh()) }),
  );
  const ship = useMutation(
    trpc.onlineExperiments.ship.mutationOptions({ onSuccess: () => (setShipOpen(false), refresh()) }),
  );
  if (!canEdit) return null;
  const ref = { projectId, experimentId: e.id };
  const error = start.error ?? pause.error;
  return (
    <div className="flex flex-wrap items-center gap-2">
      {(e.status === "draft" || e.status === "paused") && (
        <Button loading={start.isPending} onClick={() => start.mutate(ref)}>
          {e.status === "draft" ? "Start" : "Resume"}
        </Button>
      )}
      {e.status === "running" && (
        <Button variant="secondary" loading={pause.isPending} onClick={() => pause.mutate(ref)}>
          Pause
        </Button>
      )}
      {e.status !== "draft" && !e.shippedVariantKey && <Button onClick={() => setShipOpen(true)}>Ship…</Button>}
      {e.status !== "stopped" && (
        <Button variant="danger-outline" onClick={() => setStopOpen(true)}>
          Stop
        </Button>
      )}
      <FormError>{error?.message}</FormError>
      <ConfirmDialog
        open={shipOpen}
        onClose={() => setShipOpen(false)}
        title="Ship a variant"
        description={
          e.promptId
            ? `Moves the "${e.shipLabel}" label of the prompt to the chosen variant's version (recorded in the prompt's label history) and stops the experiment; everyone then gets that variant.`
            : "Stops the experiment; everyone then gets the chosen variant."
        }
        confirmLabel="Ship"
        pending={ship.isPending}
        error={ship.error?.message}
        onConfirm={() => ship.mutate({ ...ref, variantKey: shipKey })}
      >
        <label htmlFor="ship-variant" className="block text-sm font-medium text-slate-700">
          Variant
        </label>
        <Select id="ship-variant" className="mt-1.5" value={shipKey} onChange={(x) => setShipKey(x.target.value)}>
          {e.variants.map((v) => (
            <option key={v.key} value={v.key}>
              {v.key}
              {v.promptVersion !== null ? ` (${v.promptName} v${v.promptVersion})` : ""}
              {v.key === winner ? " — recommended" : ""}
            </option>
          ))}
        </Select>
      </ConfirmDialog>
      <ConfirmDialog
        open={stopOpen}
        onClose={() => setStopOpen(false)}
        title="Stop the experiment"
        description="Everyone gets the control from now on. Assignments and the readout are kept."
        confirmLabel="Stop"
        pending={stop.isPending}
        error={stop.error?.message}
        onConfirm={() => stop.mutate(ref)}
      />
    </div>
  );
}

function BanditCard({ data }: { data: TOnlineReadout }) {
  const b = data.bandit;
  if (!b) return null;
  const keys = data.experiment.variants.map((v) => v.key);
  const rows = data.allocations.map((a) => ({
    version: `v${a.version}`,
    ...Object.fromEntries(keys.map((k) => [k, Math.round((a.weights[k] ?? 0) * 1000) / 10])),
  }));
  return (
    <Card>
      <CardHeader
        title="Bandit"
        description="Traffic share per allocation version (recomputed by the bandit job), each arm's Beta posterior, P(best) and the estimated regret so far."
      />
      <CardBody className="space-y-5">
        <AreaChart
          className="h-56"
          data={rows}
          index="version"
          categories={keys}
          colors={COLORS.slice(0, keys.length)}
          valueFormatter={(v) => `${v}%`}
          stack
          yAxisWidth={48}
        />
        <Table label="Arms">
          <THead>
            <tr>
              <TH>Arm</TH>
              <TH className="text-right">Units with reward</TH>
              <TH className="text-right">Posterior</TH>
              <TH className="text-right">Posterior mean</TH>
              <TH className="text-right">P(best)</TH>
              <TH className="text-right">Current weight</TH>
            </tr>
          </THead>
          <tbody>
            {b.arms.map((a, i) => (
              <TR key={a.key}>
                <TD className="font-mono text-sm">{a.key}</TD>
                <TD className="text-right tabular-nums">{a.n}</TD>
                <TD className="text-right text-xs text-slate-600 tabular-nums">
                  Beta({a.alpha.toFixed(1)}, {a.beta.toFixed(1)})
                </TD>
                <TD className="text-right tabular-nums">{(a.alpha / (a.alpha + a.beta)).toFixed(3)}</TD>
                <TD className="text-right tabular-nums">
                  {b.probBest ? `${((b.probBest[i] ?? 0) * 100).toFixed(1)}%` : "—"}
                </TD>
                <TD className="text-right tabular-nums">{(a.weight * 100).toFixed(1)}%</TD>
              </TR>
            ))}
          </tbody>
        </Table>
        <p className="text-sm text-slate-600">
          Estimated regret: <span className="font-medium tabular-nums">{b.regret.toFixed(1)}</span> rewards lost to
          exploration (from posterior means).{" "}
          <span className="text-slate-500">
            Because allocation is adaptive, the estimates above the fold are inverse-propensity weighted (each unit
            weighted by 1 / the probability it had of its arm when assigned).
          </span>
        </p>
      </CardBody>
    </Card>
  );
}

function InterleavingCard({ data }: { data: TOnlineReadout }) {
  const il = data.interleaving;
  if (!il) return null;
  const r = il.result;
  return (
    <Card>
      <CardHeader
        title="Interleaving"
        description={`Each request showed both variants in a random, recorded order; the user picked one. B = ${il.b}, A = ${il.a}.`}
      />
      <CardBody className="space-y-4">
        <div className="grid gap-3 sm:grid-cols-4">
          <Stat
            label={`Win rate of ${il.b}`}
            value={r.winRateB === null ? "—" : `${(r.winRateB * 100).toFixed(1)}%`}
            hint={r.ci ? `95% CI ${(r.ci.lower * 100).toFixed(1)}–${(r.ci.upper * 100).toFixed(1)}%` : undefined}
          />
          <Stat label="Sign test p" value={pValue(r.p)} hint={`${r.winsB} vs ${r.winsA} decisive`} />
          <Stat label="Ties" value={r.ties} hint={`${il.pending} awaiting a choice`} />
          <Stat
            label="Position bias"
            value={r.positionBias.share === null ? "—" : `${(r.positionBias.share * 100).toFixed(1)}%`}
            hint={`first shown won; p = ${pValue(r.positionBias.p)}`}
          />
        </div>
        <BarChart
          className="h-40"
          data={[{ label: "Comparisons", [il.a]: r.winsA, Ties: r.ties, [il.b]: r.winsB }]}
          index="label"
          categories={[il.a, "Ties", il.b]}
          colors={["slate", "amber", "indigo"]}
          layout="vertical"
          stack
          yAxisWidth={96}
        />
      </CardBody>
    </Card>
  );
}

function Detail({ projectId, experimentId, canEdit }: { projectId: string; experimentId: string; canEdit: boolean }) {
  const trpc = useTRPC();
  const q = useQuery({
    ...trpc.onlineExperiments.readout.queryOptions({ projectId, experimentId }),
    refetchInterval: 15_000,
  });
  if (isNotFound(q.error)) return <NotFoundPanel title="Online experiment not found" />;
  if (q.isError) return <ErrorPanel error={q.error} onRetry={() => void q.refetch()} />;
  if (q.isPending)
    return (
      <LoadingRegion label="Loading the readout" className="space-y-4">
        <Skeleton className="h-24 w-full rounded-xl" />
        <Skeleton className="h-72 w-full rounded-xl" />
      </LoadingRegion>
    );
  const d = q.data;
  const e = d.experiment;
  const r = d.readout;
  const keys = e.variants.map((v) => v.key);
  const byDay = new Map<string, Record<string, number | string>>();
  for (const row of d.exposures.byDay) {
    const x = byDay.get(row.day) ?? { day: row.day };
    x[row.variantKey] = row.n;
    byDay.set(row.day, x);
  }
  return (
    <div className="space-y-6">
      <Card>
        <CardBody className="space-y-4">
          <div className="flex flex-wrap items-start justify-between gap-4">
            <div className="space-y-1 text-sm text-slate-600">
              <p>
                <OnlineStatusBadge status={e.status} shipped={e.shippedVariantKey} />{" "}
                <span className="ml-2">{MODE_LABEL[e.mode]}</span> · unit{" "}
                {e.unitType === "attribute" ? `attribute “${e.unitAttribute}”` : UNIT_LABEL[e.unitType]} · coverage{" "}
                {Math.round(e.coverage * 100)}% · key <code className="font-mono">{e.key}</code>
                {e.bucketVersion > 0 && ` · bucket version ${e.bucketVersion}`}
              </p>
              {e.hypothesis && <p className="text-slate-800">Hypothesis: {e.hypothesis}</p>}
              <p>
                Primary metric: <span className="font-medium text-slate-800">{metricLabel(e.primaryMetric)}</span>
                {e.guardrails.length > 0 && <> · guardrails: {e.guardrails.map((g) => metricLabel(g)).join(", ")}</>}
              </p>
            </div>
            <Actions projectId={projectId} data={d} canEdit={canEdit} />
          </div>
          <ul className="flex flex-wrap gap-2 text-xs" aria-label="Variants">
            {e.variants.map((v) => (
              <li key={v.key} className="rounded-md border border-slate-200 px-2.5 py-1.5">
                <span className="font-mono font-medium">{v.key}</span>
                {v.isControl && <span className="text-slate-500"> (control)</span>} · {v.name}
                {v.promptVersion !== null && (
                  <span className="text-slate-500">
                    {" "}
                    · {v.promptName} v{v.promptVersion}
                  </span>
                )}
                {v.modelOverride && <span className="text-slate-500"> · {v.modelOverride}</span>}
                {e.mode === "fixed" && <span className="text-slate-500"> · {Math.round(v.weight * 100)}%</span>}
              </li>
            ))}
          </ul>
        </CardBody>
      </Card>

      <div className="grid gap-3 sm:grid-cols-3">
        <Stat
          label="Exposed units"
          value={d.exposures.total.toLocaleString()}
          hint={d.exposures.perVariant.map((p) => `${p.key} ${p.n}`).join(" · ")}
        />
        <Stat label="Traces joined" value={d.linkedTraces.toLocaleString()} hint="traces carrying an assignment" />
        <Stat
          label="Allocation versions"
          value={d.allocations.length}
          hint={e.mode === "fixed" ? "weights edits" : "bandit recomputes"}
        />
      </div>

      {r && <Verdict r={r} />}

      {r && (
        <Card className="overflow-hidden">
          <CardHeader
            title={`Primary: ${r.primary.name}`}
            description={
              r.primary.estimator === "ipw"
                ? "Inverse-propensity weighted (Hájek) estimates: allocation was adaptive, so plain means would be biased."
                : "Per unit, then per variant. Fixed-horizon CIs per variant; the difference uses a peek-safe confidence sequence."
            }
          />
          <MetricTable m={r.primary} metricKind={e.primaryMetric.kind} />
        </Card>
      )}

      {r && (
        <Card>
          <CardHeader title="Trust checks" description="Sample ratio mismatch on exposures, and guardrails." />
          <CardBody className="space-y-4">
            <SrmPanel r={r} />
            {r.guardrails.map((g, i) => (
              <div
                key={i}
                className={
                  g.failed ? "rounded-lg border border-red-200 bg-red-50 p-3" : "rounded-lg border border-slate-200 p-3"
                }
              >
                <p className="text-sm font-medium text-slate-900">
                  Guardrail {g.name}:{" "}
                  {g.failed
                    ? `significantly worse for ${g.failedVariants.join(", ")}`
                    : "no variant significantly worse"}
                </p>
                <p className="text-xs text-slate-500">
                  {g.variants
                    .map((v) => `${v.key} ${formatMetric(e.guardrails[i]?.kind ?? "", v.estimate)} (n ${v.n})`)
                    .join(" · ")}
                </p>
              </div>
            ))}
          </CardBody>
        </Card>
      )}

      {r && r.secondaries.length > 0 && (
        <Card className="overflow-hidden">
          <CardHeader title="Secondary metrics" description="p-values Holm-adjusted across the secondary metrics." />
          {r.secondaries.map((m, i) => (
            <MetricTable key={i} m={m} metricKind={e.secondaryMetrics[i]?.kind ?? ""} />
          ))}
        </Card>
      )}

      <BanditCard data={d} />
      <InterleavingCard data={d} />

      {byDay.size > 0 && (
        <Card>
          <CardHeader
            title="Exposures per day"
            description="New units entering each variant (a unit is counted once)."
          />
          <CardBody>
            <BarChart
              className="h-48"
              data={[...byDay.values()]}
              index="day"
              categories={keys}
              colors={COLORS.slice(0, keys.length)}
              stack
              yAxisWidth={48}
            />
          </CardBody>
        </Card>
      )}
    </div>
  );
}

export function OnlineExperimentPage({ projectId, experimentId }: { projectId: string; experimentId: string }) {
  const trpc = useTRPC();
  const exp = useQuery(trpc.onlineExperiments.get.queryOptions({ projectId, experimentId }));
  return (
    <ProjectFrame projectId={projectId} label="online experiment">
      {(p, crumbs) => (
        <>
          <PageHeader
            crumbs={crumbs(
              { label: "Online experiments", href: `/projects/${projectId}/online-experiments` },
              { label: exp.data?.name ?? "Experiment" },
            )}
            title={exp.data?.name ?? "Online experiment"}
          />
          <Detail projectId={projectId} experimentId={experimentId} canEdit={hasRole(p.role, "MEMBER")} />
        </>
      )}
    </ProjectFrame>
  );
}
