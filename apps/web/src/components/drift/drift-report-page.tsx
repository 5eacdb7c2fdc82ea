"use client";
import { useQuery } from "@tanstack/react-query";
import { BarChart, LineChart } from "@tremor/react";
import Link from "next/link";
import { ProjectFrame } from "~/components/projects/project-frame";
import { Card, CardBody, CardHeader } from "~/components/ui/card";
import { PageHeader } from "~/components/ui/page-header";
import { ErrorPanel, NotFoundPanel } from "~/components/ui/query-state";
import { Skeleton } from "~/components/ui/skeleton";
import { Table, TD, TH, THead, TR } from "~/components/ui/table";
import { isNotFound } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";
import { SeverityBadge, StatusBadge } from "./severity";

export function DriftReportPage({ projectId, reportId }: { projectId: string; reportId: string }) {
  return (
    <ProjectFrame projectId={projectId} label="drift report">
      {(_p, crumbs) => (
        <ReportBody
          projectId={projectId}
          reportId={reportId}
          crumbs={crumbs({ label: "Drift", href: `/projects/${projectId}/drift` }, { label: "Report" })}
        />
      )}
    </ProjectFrame>
  );
}

type TTest = { name: string; value: number; thresholds?: [number, number]; severity: string; note?: string };
type TFinding = {
  id: string;
  kind: string;
  subject: string;
  severity: string;
  title: string;
  tests: unknown;
  chart: unknown;
  sampleTraceIds: string[];
  attributedTo: string | null;
};

const utc = (d: Date | string) => new Date(d).toISOString().slice(0, 16).replace("T", " ") + " UTC";
const fmt = (x: number) =>
  Number.isInteger(x) ? String(x) : Math.abs(x) < 0.001 && x !== 0 ? x.toExponential(2) : x.toFixed(3);
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

function ReportBody({
  projectId,
  reportId,
  crumbs,
}: {
  projectId: string;
  reportId: string;
  crumbs: Array<{ label: string; href?: string }>;
}) {
  const trpc = useTRPC();
  const q = useQuery({
    ...trpc.drift.get.queryOptions({ projectId, reportId }),
    refetchInterval: (x) => (x.state.data?.status === "running" ? 1500 : false),
  });
  if (q.isPending) return <Skeleton className="h-96" />;
  if (q.isError)
    return isNotFound(q.error) ? (
      <NotFoundPanel title="Drift report not found" />
    ) : (
      <ErrorPanel error={q.error} onRetry={() => q.refetch()} />
    );
  const r = q.data;
  const summary = (r.summary ?? {}) as Record<string, number | string>;
  return (
    <>
      <PageHeader
        title={`Drift report · ${utc(r.createdAt)}`}
        crumbs={crumbs}
        description={`Window ${utc(r.windowFrom)} – ${utc(r.windowTo)} against reference ${utc(r.refFrom)} – ${utc(r.refTo)}`}
        actions={<StatusBadge status={r.status} />}
      />
      {r.status === "running" && (
        <Card className="mb-6">
          <CardBody>
            <p className="text-sm text-slate-600" role="status">
              Running: judging the anchor sets, reading the score roll-ups and sampling traffic…
            </p>
          </CardBody>
        </Card>
      )}
      {r.status === "failed" && (
        <Card tone="danger" className="mb-6">
          <CardBody>
            <p className="text-sm text-red-700">The report failed: {r.error}</p>
          </CardBody>
        </Card>
      )}
      {r.status === "completed" && (
        <>
          <div className="mb-6 grid gap-4 sm:grid-cols-4">
            <Stat
              label="Flagged findings"
              value={`${r.flaggedCount} of ${r.findingCount}`}
              tone={r.flaggedCount ? "red" : "green"}
            />
            <Stat
              label="Judge"
              value={r.judgeChanged ? "changed" : "stable"}
              tone={r.judgeChanged ? "amber" : "green"}
            />
            <Stat
              label="Traces in window (sampled)"
              value={`${summary.windowTraces ?? 0} (${summary.windowSampled ?? 0})`}
            />
            <Stat label="Reference traces (sampled)" value={`${summary.refTraces ?? 0} (${summary.refSampled ?? 0})`} />
          </div>
          {r.judgeChanged && (
            <div
              className="mb-6 rounded-lg border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900"
              role="note"
            >
              A judge's agreement with the humans on its anchor set moved: score changes it produced are the judge
              changing, not the product.
            </div>
          )}
          <div className="space-y-6">
            {r.findings.map((f) => (
              <FindingCard key={f.id} projectId={projectId} f={f as TFinding} />
            ))}
          </div>
        </>
      )}
    </>
  );
}

function Stat({ label, value, tone }: { label: string; value: string; tone?: "red" | "green" | "amber" }) {
  const color =
    tone === "red"
      ? "text-red-700"
      : tone === "amber"
        ? "text-amber-700"
        : tone === "green"
          ? "text-emerald-700"
          : "text-slate-900";
  return (
    <Card>
      <CardBody>
        <div className="text-xs text-slate-500">{label}</div>
        <div className={`mt-1 text-lg font-semibold ${color}`}>{value}</div>
      </CardBody>
    </Card>
  );
}

const KIND_LABEL: Record<string, string> = {
  quality: "Quality",
  input_length: "Inputs",
  output_length: "Outputs",
  language: "Inputs",
  topics: "Inputs",
  judge: "Judge anchor",
};

function FindingCard({ projectId, f }: { projectId: string; f: TFinding }) {
  const tests = (f.tests ?? []) as TTest[];
  return (
    <Card aria-label={f.title}>
      <CardHeader
        title={
          <span className="flex flex-wrap items-center gap-2">
            <SeverityBadge severity={f.severity} />
            <span>{f.title}</span>
          </span>
        }
        description={`${KIND_LABEL[f.kind] ?? f.kind}${f.attributedTo === "judge" ? " · attributed to the judge" : f.attributedTo === "product" ? " · the product changed" : ""}`}
      />
      <CardBody className="grid gap-6 lg:grid-cols-2">
        <div>
          <FindingChart f={f} />
        </div>
        <div className="space-y-4">
          <Table label={`Tests for ${f.subject}`}>
            <THead>
              <TR>
                <TH>Test</TH>
                <TH>Value</TH>
                <TH>Result</TH>
              </TR>
            </THead>
            <tbody>
              {tests.map((t, i) => (
                <TR key={i}>
                  <TD>
                    <div className="font-medium text-slate-800">{t.name}</div>
                    {t.note && <div className="text-xs text-slate-500">{t.note}</div>}
                    {t.thresholds && (
                      <div className="text-xs text-slate-400">thresholds {t.thresholds.map(fmt).join(" / ")}</div>
                    )}
                  </TD>
                  <TD className="font-mono text-xs">{Number.isFinite(t.value) ? fmt(t.value) : String(t.value)}</TD>
                  <TD>
                    <SeverityBadge severity={t.severity} />
                  </TD>
                </TR>
              ))}
            </tbody>
          </Table>
          {f.sampleTraceIds.length > 0 && (
            <div>
              <div className="mb-1 text-xs font-medium text-slate-500">Sample traces</div>
              <ul className="flex flex-wrap gap-2">
                {f.sampleTraceIds.map((id) => (
                  <li key={id}>
                    <Link
                      href={`/projects/${projectId}/traces/${encodeURIComponent(id)}`}
                      className="rounded bg-slate-100 px-2 py-0.5 font-mono text-xs text-indigo-700 hover:underline"
                    >
                      {id.slice(0, 8)}
                    </Link>
                  </li>
                ))}
              </ul>
            </div>
          )}
        </div>
      </CardBody>
    </Card>
  );
}

function FindingChart({ f }: { f: TFinding }) {
  const c = f.chart as { type: string } & Record<string, unknown>;
  if (c.type === "quality") {
    const days = (c.days as Array<{ t: string; mean: number; n: number; inWindow: boolean }>) ?? [];
    const baseline = c.baseline as number | null;
    const stats = c.stats as {
      n: number;
      mean: number | null;
      p10: number | null;
      badShare: number | null;
      refBadShare: number | null;
      weighted?: boolean;
      nEff?: number;
    };
    return (
      <div>
        <LineChart
          className="h-52"
          data={days.map((d) => ({
            day: d.t.slice(5) + (d.inWindow ? " ●" : ""),
            "daily mean": Number(d.mean.toFixed(3)),
            ...(baseline !== null ? { baseline: Number(baseline.toFixed(3)) } : {}),
          }))}
          index="day"
          categories={baseline !== null ? ["daily mean", "baseline"] : ["daily mean"]}
          colors={["indigo", "amber"]}
          yAxisWidth={40}
          autoMinValue
        />
        <p className="mt-2 text-xs text-slate-500">
          Window: n {stats.n}, mean {stats.mean === null ? "–" : fmt(stats.mean)}, p10{" "}
          {stats.p10 === null ? "–" : fmt(stats.p10)}, bad {stats.badShare === null ? "–" : pct(stats.badShare)}{" "}
          (reference {stats.refBadShare === null ? "–" : pct(stats.refBadShare)}). Baseline:{" "}
          {String(c.baselineLabel ?? "–")}. ● = days in the window.
        </p>
        {stats.weighted && (
          <p className="mt-1 text-xs text-slate-500">
            Online judgments, design-weighted by 1/inclusion probability (n = {stats.n} judged, n_eff ={" "}
            {Math.round(stats.nEff ?? 0)}): always-sampled errors and feedback count for their share of the traffic.
          </p>
        )}
      </div>
    );
  }
  if (c.type === "bins" || c.type === "categories" || c.type === "topics") {
    const rows =
      c.type === "bins"
        ? (c.bins as Array<{ label: string; ref: number; cur: number }>).map((b) => ({
            label: b.label,
            reference: b.ref,
            window: b.cur,
          }))
        : c.type === "categories"
          ? (c.categories as Array<{ label: string; ref: number; cur: number }>).map((b) => ({
              label: b.label,
              reference: b.ref,
              window: b.cur,
            }))
          : (c.topics as Array<{ label: string; refShare: number; curShare: number; isNew: boolean }>).map((t) => ({
              label: `${t.label}${t.isNew ? " (new)" : ""}`,
              reference: t.refShare,
              window: t.curShare,
            }));
    return (
      <div>
        <BarChart
          className={c.type === "topics" ? "h-72" : "h-52"}
          data={rows}
          index="label"
          categories={["reference", "window"]}
          colors={["slate", "indigo"]}
          valueFormatter={(v: number) => `${(v * 100).toFixed(0)}%`}
          layout={c.type === "topics" ? "vertical" : "horizontal"}
          yAxisWidth={c.type === "topics" ? 160 : 48}
        />
        <p className="mt-2 text-xs text-slate-500">
          Share of sampled traces per{" "}
          {c.type === "bins"
            ? "length bin (characters; bins at the reference's deciles)"
            : c.type === "categories"
              ? "detected language"
              : c.method === "embeddings"
                ? `topic (clusters from embeddings, model ${String(c.model)})`
                : "topic (TF-IDF terms)"}
          .
        </p>
      </div>
    );
  }
  if (c.type === "judge") {
    const base = c.baseline as { version: number; exact: number | null; kappa: number | null } | undefined;
    const looks =
      (c.looks as Array<{
        runId: string;
        at: string;
        graderVersion: number;
        n: number;
        meanDiff: number;
        p: number;
        exact: number;
      }>) ?? [];
    return (
      <div>
        <LineChart
          className="h-52"
          data={[
            ...(base ? [{ run: `baseline v${base.version}`, "exact agreement": base.exact ?? 0 }] : []),
            ...looks.map((l) => ({
              run: `${l.at.slice(5, 16).replace("T", " ")} v${l.graderVersion}`,
              "exact agreement": l.exact,
            })),
          ]}
          index="run"
          categories={["exact agreement"]}
          colors={["violet"]}
          valueFormatter={(v: number) => `${(v * 100).toFixed(0)}%`}
          yAxisWidth={44}
          minValue={0}
          maxValue={1}
        />
        <p className="mt-2 text-xs text-slate-500">
          Exact agreement of the judge with the human labels on the anchor set, per anchor run. The test pairs each
          item&apos;s |judge − human| with the baseline run&apos;s (mSPRT, always-valid p).
        </p>
      </div>
    );
  }
  return null;
}
