"use client";
import { useQuery } from "@tanstack/react-query";
import { useSearchParams } from "next/navigation";
import { AlertTriangle, ChevronDown, ChevronRight } from "lucide-react";
import { Fragment, useState } from "react";
import { diffLines } from "@yardstick/core/prompts";
import { ProjectFrame } from "~/components/projects/project-frame";
import { Badge } from "~/components/ui/badge";
import { Card, CardBody, CardHeader } from "~/components/ui/card";
import { PageHeader } from "~/components/ui/page-header";
import { ErrorPanel } from "~/components/ui/query-state";
import { TableSkeleton } from "~/components/ui/skeleton";
import { Table, TD, TH, THead, TR } from "~/components/ui/table";
import { cn } from "~/lib/cn";
import { useTRPC } from "~/trpc/react";
import { armLabel, ConclusionBadge, deltaPts, pct, score, type TComparison } from "./format";

type TMetric = TComparison["metrics"][number];
type TCaseRow = TComparison["cases"][number];
type TInput = { baselineRunId: string; candidateRunId: string; baselineArm?: number; candidateArm?: number };

const fmtValue = (m: TMetric, v: number | null) => (m.kind === "pass" ? pct(v) : score(v));
const fmtP = (p: number | null) => (p === null ? "—" : p < 0.001 ? "< 0.001" : p.toFixed(3));

function testName(m: TMetric): string {
  if (m.tests.mcnemar) return "McNemar";
  if (m.tests.pairedT) return m.tests.wilcoxon ? "paired t (Wilcoxon check)" : "paired t";
  return "—";
}

function MetricsTable({ c }: { c: TComparison }) {
  return (
    <Table label="Metrics">
      <THead>
        <tr>
          <TH>Metric</TH>
          <TH className="text-right">Baseline</TH>
          <TH className="text-right">Candidate</TH>
          <TH className="text-right">Delta (95% CI)</TH>
          <TH className="text-right">p (Holm)</TH>
          <TH className="text-right">Min effect</TH>
        </tr>
      </THead>
      <tbody>
        {c.metrics.map((m) => (
          <TR key={m.key}>
            <TD className="text-xs whitespace-nowrap">
              <span className="font-mono">{m.graderName}</span>{" "}
              <span className="text-slate-500">{m.kind === "pass" ? "pass rate" : "score"}</span>
              <p className="text-slate-500">{testName(m)}</p>
              <div className="mt-1">
                <ConclusionBadge conclusion={m.conclusion} />
              </div>
            </TD>
            <TD className="text-right tabular-nums">{fmtValue(m, m.baseline)}</TD>
            <TD className="text-right tabular-nums">{fmtValue(m, m.candidate)}</TD>
            <TD className="text-right whitespace-nowrap tabular-nums">
              <span
                className={cn(
                  "font-medium",
                  (m.delta ?? 0) < 0 ? "text-red-700" : (m.delta ?? 0) > 0 ? "text-emerald-700" : "text-slate-900",
                )}
              >
                {deltaPts(m.delta)}
              </span>
              <p className="text-xs text-slate-500">
                {m.ci ? `${deltaPts(m.ci[0])} to ${deltaPts(m.ci[1])}` : "no CI"}
              </p>
            </TD>
            <TD className="text-right whitespace-nowrap tabular-nums">
              {fmtP(m.p)}
              <p className="text-xs text-slate-500">Holm {fmtP(m.pAdjusted)}</p>
            </TD>
            <TD className="text-right whitespace-nowrap tabular-nums">{deltaPts(m.minEffect).replace(/^\+/, "")}</TD>
          </TR>
        ))}
      </tbody>
    </Table>
  );
}

/** Within each changed block, the removed lines come before the added ones. */
function ordered(rows: ReturnType<typeof diffLines>) {
  const out: typeof rows = [];
  let block: typeof rows = [];
  const flush = () => {
    out.push(...block.filter((r) => r.type === "removed"), ...block.filter((r) => r.type === "added"));
    block = [];
  };
  for (const r of rows) {
    if (r.type === "equal") {
      flush();
      out.push(r);
    } else block.push(r);
  }
  flush();
  return out;
}

function OutputDiff({ a, b }: { a: string; b: string }) {
  const rows = ordered(diffLines(a, b));
  return (
    <pre className="max-h-80 overflow-auto rounded-lg border border-slate-200 bg-white p-2 text-xs leading-5">
      {rows.map((r, i) => (
        <div
          key={i}
          className={cn(
            "whitespace-pre-wrap",
            r.type === "removed" && "bg-red-50 text-red-900",
            r.type === "added" && "bg-emerald-50 text-emerald-900",
          )}
        >
          <span className="mr-2 select-none opacity-60">
            {r.type === "removed" ? "−" : r.type === "added" ? "+" : " "}
          </span>
          {r.text || " "}
        </div>
      ))}
    </pre>
  );
}

function CaseDetail({
  projectId,
  input,
  itemKey,
  graderNames,
}: {
  projectId: string;
  input: TInput;
  itemKey: string;
  graderNames: Map<string, string>;
}) {
  const trpc = useTRPC();
  const q = useQuery(trpc.experiments.compareCase.queryOptions({ projectId, ...input, itemKey }));
  if (q.isPending) return <p className="text-xs text-slate-500">Loading outputs…</p>;
  if (q.isError) return <ErrorPanel error={q.error} onRetry={() => void q.refetch()} />;
  const b = q.data.baseline[0];
  const c = q.data.candidate[0];
  const side = (label: string, rows: typeof q.data.baseline) => (
    <div className="min-w-0 space-y-1">
      <p className="text-xs font-medium tracking-wide text-slate-500 uppercase">{label}</p>
      {rows.map((r) => (
        <div key={r.repeat} className="rounded-lg border border-slate-200 bg-white p-2 text-xs">
          {rows.length > 1 && <p className="text-slate-500">Repeat {r.repeat + 1}</p>}
          {r.error ? (
            <p className="text-red-700">{r.error}</p>
          ) : (
            <p className="whitespace-pre-wrap text-slate-800">{r.output}</p>
          )}
          <ul className="mt-1 space-y-0.5">
            {(
              r.graderResults as { graderId: string; passed: boolean; score: number | null; reasoning: string | null }[]
            ).map((g) => (
              <li key={g.graderId}>
                <Badge tone={g.passed ? "green" : "red"}>{g.passed ? "pass" : "fail"}</Badge>{" "}
                <span className="font-mono">{graderNames.get(g.graderId) ?? g.graderId}</span> {score(g.score)}
                {g.reasoning && <span className="text-slate-500"> — {g.reasoning}</span>}
              </li>
            ))}
          </ul>
        </div>
      ))}
    </div>
  );
  return (
    <div className="space-y-3">
      {b && (
        <p className="text-xs text-slate-600">
          <span className="font-medium">Input:</span> <span className="font-mono">{JSON.stringify(b.input)}</span>
          {b.expectedOutput && (
            <>
              {" "}
              · <span className="font-medium">Expected:</span> {b.expectedOutput}
            </>
          )}
        </p>
      )}
      <div className="grid gap-3 md:grid-cols-2">
        {side("Baseline", q.data.baseline)}
        {side("Candidate", q.data.candidate)}
      </div>
      {b?.output != null && c?.output != null && b.output !== c.output && (
        <div>
          <p className="mb-1 text-xs font-medium tracking-wide text-slate-500 uppercase">
            Line diff (baseline → candidate)
          </p>
          <OutputDiff a={b.output} b={c.output} />
        </div>
      )}
    </div>
  );
}

const CHANGE_TONE = { regression: "red", improvement: "green", unchanged: "neutral", unscored: "amber" } as const;

function CaseRow({
  row,
  projectId,
  input,
  graderNames,
}: {
  row: TCaseRow;
  projectId: string;
  input: TInput;
  graderNames: Map<string, string>;
}) {
  const [open, setOpen] = useState(false);
  const flaky = row.flaky.baseline || row.flaky.candidate;
  return (
    <Fragment>
      <TR className="cursor-pointer hover:bg-slate-50/80" onClick={() => setOpen((o) => !o)}>
        <TD className="whitespace-nowrap">
          <button
            type="button"
            className="flex items-center gap-1 font-mono text-xs font-medium text-slate-900"
            aria-expanded={open}
          >
            {open ? (
              <ChevronDown className="size-3.5" aria-hidden />
            ) : (
              <ChevronRight className="size-3.5" aria-hidden />
            )}
            {row.itemKey}
          </button>
        </TD>
        <TD className="text-xs">{row.partition}</TD>
        <TD>
          <Badge tone={CHANGE_TONE[row.change]}>{row.change}</Badge>
          {flaky && (
            <Badge tone="amber" className="ml-1">
              flaky
            </Badge>
          )}
        </TD>
        <TD className="text-right tabular-nums">{deltaPts(row.delta)}</TD>
        <TD>
          <ul className="space-y-0.5 text-xs">
            {row.graders.map((g) => (
              <li key={g.graderId} className="whitespace-nowrap">
                <span className="font-mono">{graderNames.get(g.graderId) ?? g.graderId}</span>:{" "}
                <span className="tabular-nums">
                  {g.baseline.score !== null && g.candidate.score !== null
                    ? `${score(g.baseline.score)} → ${score(g.candidate.score)}`
                    : `${pct(g.baseline.passRate, 0)} → ${pct(g.candidate.passRate, 0)} pass`}
                </span>
              </li>
            ))}
          </ul>
        </TD>
      </TR>
      {open && (
        <tr className="border-b border-slate-100 bg-slate-50/60">
          <td colSpan={5} className="px-5 py-4">
            <CaseDetail projectId={projectId} input={input} itemKey={row.itemKey} graderNames={graderNames} />
          </td>
        </tr>
      )}
    </Fragment>
  );
}

function CompareBody({ projectId, input }: { projectId: string; input: TInput }) {
  const trpc = useTRPC();
  const q = useQuery(trpc.experiments.compare.queryOptions({ projectId, ...input }));
  const [showNumbers, setShowNumbers] = useState(false);
  if (q.isPending) return <TableSkeleton label="Comparing runs" />;
  if (q.isError)
    return <ErrorPanel error={q.error} onRetry={() => void q.refetch()} title="We couldn't compare these runs" />;
  const c = q.data;
  const graderNames = new Map(c.metrics.map((m) => [m.graderId, m.graderName]));
  const regressions = c.cases.filter((x) => x.change === "regression").length;
  return (
    <div className="space-y-6">
      <Card
        aria-labelledby="verdict-title"
        className={
          c.conclusion === "regression"
            ? "border-red-200"
            : c.conclusion === "improvement"
              ? "border-emerald-200"
              : undefined
        }
      >
        <CardHeader
          id="verdict-title"
          title={
            <span className="flex items-center gap-2">
              Verdict <ConclusionBadge conclusion={c.conclusion} />
            </span>
          }
        />
        <CardBody className="space-y-3">
          <p className="text-base font-medium text-slate-900" data-testid="compare-headline">
            {c.headline}
          </p>
          {c.details.length > 0 && (
            <ul className="list-disc space-y-1 pl-5 text-sm text-slate-700">
              {c.details.map((d, i) => (
                <li key={i}>{d}</li>
              ))}
            </ul>
          )}
          {c.warnings.length > 0 && (
            <ul className="space-y-1 rounded-lg border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900">
              {c.warnings.map((w, i) => (
                <li key={i} className="flex gap-2">
                  <AlertTriangle className="mt-0.5 size-4 shrink-0" aria-hidden />
                  {w}
                </li>
              ))}
            </ul>
          )}
          <p className="text-xs text-slate-500">
            {c.pairedItems} items in both runs · significance level {c.settings.alpha} · flaky items:{" "}
            {c.flakyItems.baseline} baseline, {c.flakyItems.candidate} candidate
          </p>
          <button
            type="button"
            className="text-sm font-medium text-indigo-700 hover:underline"
            aria-expanded={showNumbers}
            onClick={() => setShowNumbers((s) => !s)}
          >
            {showNumbers ? "Hide the numbers" : "Show the numbers"}
          </button>
        </CardBody>
        {showNumbers && <MetricsTable c={c} />}
      </Card>

      <Card className="overflow-hidden" aria-labelledby="cases-title">
        <CardHeader
          id="cases-title"
          title="Cases"
          description={`${regressions} regression${regressions === 1 ? "" : "s"} first; click a case to see both outputs.`}
        />
        <Table label="Compared cases">
          <THead>
            <tr>
              <TH>Item</TH>
              <TH>Partition</TH>
              <TH>Change</TH>
              <TH className="text-right">Delta</TH>
              <TH>Per grader (baseline → candidate)</TH>
            </tr>
          </THead>
          <tbody>
            {c.cases.map((row) => (
              <CaseRow key={row.itemKey} row={row} projectId={projectId} input={input} graderNames={graderNames} />
            ))}
          </tbody>
        </Table>
        {(c.onlyInBaseline.length > 0 || c.onlyInCandidate.length > 0) && (
          <div className="space-y-1 border-t border-slate-100 px-5 py-3 text-xs text-slate-600">
            {c.onlyInBaseline.length > 0 && (
              <p>
                Only in baseline: <span className="font-mono">{c.onlyInBaseline.join(", ")}</span>
              </p>
            )}
            {c.onlyInCandidate.length > 0 && (
              <p>
                Only in candidate: <span className="font-mono">{c.onlyInCandidate.join(", ")}</span>
              </p>
            )}
          </div>
        )}
      </Card>
    </div>
  );
}

function SideTitle({ projectId, runId, arm, role }: { projectId: string; runId: string; arm: number; role: string }) {
  const trpc = useTRPC();
  const run = useQuery(trpc.experiments.get.queryOptions({ projectId, runId }));
  const a = run.data?.config.arms[arm];
  return (
    <span>
      <span className="text-slate-500">{role}: </span>
      <a
        href={`/projects/${projectId}/experiments/${runId}`}
        className="font-medium text-slate-800 hover:text-indigo-700"
      >
        {run.data?.name ?? `Run ${runId.slice(-6)}`}
      </a>
      {a && <span className="font-mono text-xs"> · {armLabel(a)}</span>}
    </span>
  );
}

export function ComparePage({ projectId }: { projectId: string }) {
  const search = useSearchParams();
  const baseline = search.get("baseline") ?? "";
  const candidate = search.get("candidate") ?? "";
  const num = (k: string) => {
    const v = search.get(k);
    return v === null || v === "" ? undefined : Number(v);
  };
  const input: TInput = {
    baselineRunId: baseline,
    candidateRunId: candidate,
    baselineArm: num("baselineArm"),
    candidateArm: num("candidateArm"),
  };
  return (
    <ProjectFrame projectId={projectId} label="comparison">
      {(_p, crumbs) => (
        <>
          <PageHeader
            crumbs={crumbs({ label: "Experiments", href: `/projects/${projectId}/experiments` }, { label: "Compare" })}
            title="Compare runs"
            description={
              baseline && candidate ? (
                <span className="flex flex-wrap gap-x-4">
                  <SideTitle projectId={projectId} runId={baseline} arm={input.baselineArm ?? 0} role="Baseline" />
                  <SideTitle projectId={projectId} runId={candidate} arm={input.candidateArm ?? 0} role="Candidate" />
                </span>
              ) : undefined
            }
          />
          {baseline && candidate ? (
            <CompareBody projectId={projectId} input={input} />
          ) : (
            <ErrorPanel
              error={new Error("Pick two runs to compare: open a run and use “Compare”.")}
              title="Nothing to compare"
            />
          )}
        </>
      )}
    </ProjectFrame>
  );
}
