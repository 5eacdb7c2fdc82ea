"use client";
import { useQuery } from "@tanstack/react-query";
import { GoldForm } from "./gold-form";
import Link from "next/link";
import { Card, CardBody, CardHeader } from "~/components/ui/card";
import { ErrorPanel } from "~/components/ui/query-state";
import { TableSkeleton } from "~/components/ui/skeleton";
import { Table, TD, TH, THead, TR } from "~/components/ui/table";
import type { RouterOutputs } from "~/lib/types";
import { useTRPC } from "~/trpc/react";

type TReport = RouterOutputs["annotations"]["report"];

function useReport(projectId: string, queueId: string) {
  const trpc = useTRPC();
  return useQuery(trpc.annotations.report.queryOptions({ projectId, queueId }));
}

function WithReport({
  projectId,
  queueId,
  children,
}: {
  projectId: string;
  queueId: string;
  children: (r: TReport) => React.ReactNode;
}) {
  const q = useReport(projectId, queueId);
  if (q.isError) return <ErrorPanel error={q.error} onRetry={() => void q.refetch()} />;
  if (!q.data)
    return (
      <Card>
        <TableSkeleton rows={4} label="Loading report" />
      </Card>
    );
  return <>{children(q.data)}</>;
}

const pct = (x: number | null) => (x === null ? "—" : `${(x * 100).toFixed(0)}%`);
const traceLink = (projectId: string, traceId: string) =>
  `/projects/${projectId}/traces/${encodeURIComponent(traceId)}`;

function Stat({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <div className="rounded-xl border border-slate-200 bg-white px-4 py-3 shadow-xs">
      <p className="text-xs font-medium text-slate-500">{label}</p>
      <p className="mt-1 text-2xl font-semibold text-slate-900 tabular-nums">{value}</p>
      {hint && <p className="mt-0.5 text-xs text-slate-500">{hint}</p>}
    </div>
  );
}

export function ProgressTab({
  projectId,
  queueId,
  canAdmin,
}: {
  projectId: string;
  queueId: string;
  canAdmin: boolean;
}) {
  return (
    <WithReport projectId={projectId} queueId={queueId}>
      {(r) => (
        <div className="space-y-4">
          {canAdmin && <GoldForm projectId={projectId} queueId={queueId} scoreName={r.queue.scoreConfig.name} />}
          <div className="grid gap-3 sm:grid-cols-3">
            <Stat label="Items" value={String(r.progress.items)} />
            <Stat
              label="Done"
              value={String(r.progress.done)}
              hint={`${r.queue.reviewersPerItem} reviewer(s) per item`}
            />
            <Stat label="Labels" value={String(r.progress.labels)} />
          </div>
          {r.progress.strata.length > 0 && (
            <Card className="overflow-hidden">
              <CardHeader title="Items by stratum" description="What the sampling took from each segment." />
              <Table label="Items by stratum">
                <THead>
                  <tr>
                    <TH>Stratum</TH>
                    <TH className="text-right">Items</TH>
                    <TH className="text-right">Done</TH>
                  </tr>
                </THead>
                <tbody>
                  {r.progress.strata.map((s) => (
                    <TR key={s.stratum}>
                      <TD>{s.stratum}</TD>
                      <TD className="text-right tabular-nums">{s.items}</TD>
                      <TD className="text-right tabular-nums">{s.done}</TD>
                    </TR>
                  ))}
                </tbody>
              </Table>
            </Card>
          )}
          <Card className="overflow-hidden">
            <CardHeader title="Per reviewer" />
            {r.progress.reviewers.length === 0 ? (
              <CardBody className="text-sm text-slate-500">No labels yet.</CardBody>
            ) : (
              <Table label="Reviewers">
                <THead>
                  <tr>
                    <TH>Reviewer</TH>
                    <TH className="text-right">Labels</TH>
                    <TH className="text-right">Marked failing</TH>
                    <TH className="text-right">Gold accuracy</TH>
                  </tr>
                </THead>
                <tbody>
                  {r.progress.reviewers.map((p) => (
                    <TR key={p.userId}>
                      <TD>{p.name ?? p.userId}</TD>
                      <TD className="text-right tabular-nums">{p.labels}</TD>
                      <TD className="text-right tabular-nums">{p.failed}</TD>
                      <TD className="text-right tabular-nums">
                        {p.goldAccuracy === null ? "—" : `${pct(p.goldAccuracy)} of ${p.gold}`}
                      </TD>
                    </TR>
                  ))}
                </tbody>
              </Table>
            )}
          </Card>
        </div>
      )}
    </WithReport>
  );
}

export function PatternsTab({ projectId, queueId }: { projectId: string; queueId: string }) {
  return (
    <WithReport projectId={projectId} queueId={queueId}>
      {(r) => {
        const p = r.patterns;
        const maxTag = Math.max(1, ...p.topTags.map((t) => t.count));
        return (
          <div className="space-y-4" aria-label="Patterns">
            <div className="grid gap-3 sm:grid-cols-3">
              <Stat label="Failure rate" value={pct(p.failureRate)} hint={`${p.failed} of ${p.labels} labels fail`} />
              <Stat label="Issue tags used" value={String(p.topTags.reduce((s, t) => s + t.count, 0))} />
              <Stat label="Strata" value={String(p.byStratum.length)} />
            </div>
            <Card>
              <CardHeader title="Top issues" description="How often reviewers tagged each issue, with examples." />
              {p.topTags.length === 0 ? (
                <CardBody className="text-sm text-slate-500">No issue tags yet.</CardBody>
              ) : (
                <ul className="divide-y divide-slate-100">
                  {p.topTags.map((t) => (
                    <li key={t.tag} className="px-5 py-3">
                      <div className="flex items-center gap-3">
                        <span className="w-36 shrink-0 text-sm font-medium text-slate-900">{t.tag}</span>
                        <div className="h-2 flex-1 rounded-full bg-slate-100">
                          <div
                            className="h-2 rounded-full bg-red-400"
                            style={{ width: `${(t.count / maxTag) * 100}%` }}
                          />
                        </div>
                        <span className="w-10 text-right text-sm text-slate-700 tabular-nums">{t.count}</span>
                      </div>
                      <ul className="mt-1.5 space-y-0.5 pl-36 text-xs text-slate-600">
                        {t.examples.map((e, i) => (
                          <li key={i}>
                            <Link
                              href={traceLink(projectId, e.traceId)}
                              className="text-indigo-600 hover:text-indigo-500"
                            >
                              {e.traceId}
                            </Link>
                            {e.comment && <span> — “{e.comment}”</span>}
                          </li>
                        ))}
                      </ul>
                    </li>
                  ))}
                </ul>
              )}
            </Card>
            {p.byStratum.length > 0 && (
              <Card className="overflow-hidden">
                <CardHeader title="By stratum" />
                <Table label="Failure rate by stratum">
                  <THead>
                    <tr>
                      <TH>Stratum</TH>
                      <TH className="text-right">Labels</TH>
                      <TH className="text-right">Failure rate</TH>
                    </tr>
                  </THead>
                  <tbody>
                    {p.byStratum.map((s) => (
                      <TR key={s.stratum}>
                        <TD>{s.stratum}</TD>
                        <TD className="text-right tabular-nums">{s.labels}</TD>
                        <TD className="text-right tabular-nums">{pct(s.labels ? s.failed / s.labels : null)}</TD>
                      </TR>
                    ))}
                  </tbody>
                </Table>
              </Card>
            )}
          </div>
        );
      }}
    </WithReport>
  );
}

export function AgreementTab({ projectId, queueId }: { projectId: string; queueId: string }) {
  return (
    <WithReport projectId={projectId} queueId={queueId}>
      {(r) => (
        <div className="space-y-4">
          <div className="grid gap-3 sm:grid-cols-3">
            <Stat
              label={`Krippendorff's α (${r.agreement.level})`}
              value={r.agreement.alpha === null ? "—" : r.agreement.alpha.toFixed(2)}
              hint={
                r.agreement.alpha === null
                  ? "Needs two or more reviewers on at least two items"
                  : r.agreement.ci
                    ? `95% CI ${r.agreement.ci[0].toFixed(2)} to ${r.agreement.ci[1].toFixed(2)} (bootstrap over items)`
                    : "CI not available"
              }
            />
            <Stat label="Items with 2+ reviewers" value={String(r.agreement.units)} />
            <Stat label="Disagreements" value={String(r.disagreements.length)} />
          </div>
          <Card>
            <CardHeader
              title="Disagreements"
              description="Items whose reviewers gave different labels: adjudicate them."
            />
            {r.disagreements.length === 0 ? (
              <CardBody className="text-sm text-slate-500">None.</CardBody>
            ) : (
              <ul className="divide-y divide-slate-100">
                {r.disagreements.map((d) => (
                  <li key={d.itemId} className="px-5 py-3 text-sm">
                    <Link href={traceLink(projectId, d.traceId)} className="font-mono text-xs text-indigo-600">
                      {d.traceId}
                    </Link>
                    <ul className="mt-1 space-y-0.5 text-slate-700">
                      {d.labels.map((l, i) => (
                        <li key={i}>
                          {l.reviewer ?? "reviewer"}: <span className="font-medium">{String(l.value)}</span>
                          {l.tags.length > 0 && <span className="text-slate-500"> [{l.tags.join(", ")}]</span>}
                          {l.comment && <span className="text-slate-500"> — {l.comment}</span>}
                        </li>
                      ))}
                    </ul>
                  </li>
                ))}
              </ul>
            )}
          </Card>
        </div>
      )}
    </WithReport>
  );
}

/** A pairwise queue: B's win rate over A with its 95% Wilson interval, ties, and per reviewer. */
export function PreferenceTab({ projectId, queueId }: { projectId: string; queueId: string }) {
  return (
    <WithReport projectId={projectId} queueId={queueId}>
      {(r) => {
        const p = r.preference;
        if (!p) return null;
        const a = `${p.promptA.name} v${p.promptA.version}`;
        const b = `${p.promptB.name} v${p.promptB.version}`;
        const ci = p.winRateB
          ? `95% CI ${pct(p.winRateB.lower)}–${pct(p.winRateB.upper)} (Wilson)`
          : "No decisive labels yet";
        return (
          <div className="space-y-4">
            <div className="grid gap-3 sm:grid-cols-4">
              <Stat label={`B (${b}) wins over A (${a})`} value={pct(p.winRateB?.estimate ?? null)} hint={ci} />
              <Stat label="Wins A / B" value={`${p.winsA} / ${p.winsB}`} hint={`${p.n} preference(s)`} />
              <Stat
                label="Ties"
                value={String(p.ties)}
                hint={`B's rate counting ties as half: ${pct(p.winRateBWithTies)}`}
              />
              <Stat label="Both bad" value={String(p.bothBad)} />
            </div>
            <Card>
              <CardHeader title="Per reviewer" />
              {p.reviewers.length === 0 ? (
                <CardBody>
                  <p className="text-sm text-slate-500">No preferences yet.</p>
                </CardBody>
              ) : (
                <Table label="Preferences per reviewer">
                  <THead>
                    <tr>
                      <TH>Reviewer</TH>
                      <TH className="text-right">Labels</TH>
                      <TH className="text-right">A wins</TH>
                      <TH className="text-right">B wins</TH>
                      <TH className="text-right">Ties</TH>
                      <TH className="text-right">Both bad</TH>
                    </tr>
                  </THead>
                  <tbody>
                    {p.reviewers.map((x) => (
                      <TR key={x.userId}>
                        <TD>{x.name ?? x.userId}</TD>
                        <TD className="text-right tabular-nums">{x.labels}</TD>
                        <TD className="text-right tabular-nums">{x.winsA}</TD>
                        <TD className="text-right tabular-nums">{x.winsB}</TD>
                        <TD className="text-right tabular-nums">{x.ties}</TD>
                        <TD className="text-right tabular-nums">{x.bothBad}</TD>
                      </TR>
                    ))}
                  </tbody>
                </Table>
              )}
            </Card>
          </div>
        );
      }}
    </WithReport>
  );
}
