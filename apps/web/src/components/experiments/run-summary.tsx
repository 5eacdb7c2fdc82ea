"use client";
import type { TArmSummary, TGroupAggregate } from "@yardstick/contracts/experiments";
import { Card, CardBody, CardHeader } from "~/components/ui/card";
import { Table, TD, TH, THead, TR } from "~/components/ui/table";
import { armLabel, ciText, durationText, pct, score, usd, VerdictBadge, type TExperimentRun } from "./format";

function Stat({ label, value, sub }: { label: string; value: string; sub?: string }) {
  return (
    <div className="min-w-0">
      <p className="text-xs font-medium tracking-wide text-slate-500 uppercase">{label}</p>
      <p className="mt-0.5 text-lg font-semibold text-slate-900 tabular-nums">{value}</p>
      {sub && <p className="text-xs text-slate-500 tabular-nums">{sub}</p>}
    </div>
  );
}

function GradersTable({ group, label }: { group: TGroupAggregate; label: string }) {
  return (
    <Table label={label}>
      <THead>
        <tr>
          <TH>Grader</TH>
          <TH className="text-right">Pass rate</TH>
          <TH className="text-right">Mean score</TH>
          <TH className="text-right">p10 score</TH>
          <TH className="text-right">Errors</TH>
        </tr>
      </THead>
      <tbody>
        {group.graders.map((g) => (
          <TR key={g.graderId}>
            <TD className="font-mono text-xs">
              {g.name} <span className="text-slate-500">v{g.version}</span>
            </TD>
            <TD className="text-right tabular-nums">
              <span className="font-medium text-slate-900">{pct(g.passRate?.estimate)}</span>
              <p className="text-xs text-slate-500">{g.passRate ? ciText(g.passRate.ci) : ""}</p>
            </TD>
            <TD className="text-right tabular-nums">
              <span className="font-medium text-slate-900">{score(g.meanScore?.estimate)}</span>
              <p className="text-xs text-slate-500">{g.meanScore ? ciText(g.meanScore.ci, score) : ""}</p>
            </TD>
            <TD className="text-right tabular-nums">{score(g.p10Score?.estimate)}</TD>
            <TD className="text-right tabular-nums">{g.errors}</TD>
          </TR>
        ))}
      </tbody>
    </Table>
  );
}

function PartitionsTable({ arm }: { arm: TArmSummary }) {
  const rows = Object.entries(arm.partitions) as [string, TGroupAggregate][];
  if (!rows.length) return null;
  return (
    <Table label={`Partitions of arm ${arm.arm}`}>
      <THead>
        <tr>
          <TH>Partition</TH>
          <TH className="text-right">Items</TH>
          <TH className="text-right">Cases</TH>
          <TH className="text-right">All graders pass</TH>
          {arm.overall.graders.map((g) => (
            <TH key={g.graderId} className="text-right normal-case">
              {g.name} pass
            </TH>
          ))}
          <TH className="text-right">Errors</TH>
          <TH className="text-right">Cost</TH>
        </tr>
      </THead>
      <tbody>
        {rows.map(([p, g]) => (
          <TR key={p}>
            <TD className="font-medium text-slate-900">{p}</TD>
            <TD className="text-right tabular-nums">{g.items}</TD>
            <TD className="text-right tabular-nums">{g.cases}</TD>
            <TD className="text-right tabular-nums">{pct(g.passRate)}</TD>
            {arm.overall.graders.map((og) => (
              <TD key={og.graderId} className="text-right tabular-nums">
                {pct(g.graders.find((x) => x.graderId === og.graderId)?.passRate?.estimate)}
              </TD>
            ))}
            <TD className="text-right tabular-nums">{g.errorCases}</TD>
            <TD className="text-right tabular-nums">{usd(g.costUsd)}</TD>
          </TR>
        ))}
      </tbody>
    </Table>
  );
}

export function VerdictCard({ run }: { run: TExperimentRun }) {
  const s = run.summary;
  if (!s) return null;
  return (
    <Card aria-labelledby="verdict-title" className={s.verdict === "FAIL" ? "border-red-200" : "border-emerald-200"}>
      <CardHeader
        id="verdict-title"
        title={
          <span className="flex items-center gap-2">
            Verdict <VerdictBadge verdict={s.verdict} />
          </span>
        }
        description={s.verdict === "PASS" ? "Every gate passed." : "At least one gate failed."}
      />
      <CardBody className="space-y-4">
        {s.reasons.length > 0 && (
          <ul className="list-disc space-y-1 pl-5 text-sm text-slate-800">
            {s.reasons.map((r, i) => (
              <li key={i}>{r}</li>
            ))}
          </ul>
        )}
        {s.arms.map((a) =>
          a.gates.length ? (
            <div key={a.arm}>
              <p className="mb-1 text-xs font-medium tracking-wide text-slate-500 uppercase">
                Gates of {run.config.arms[a.arm] ? armLabel(run.config.arms[a.arm]!) : `arm ${a.arm}`}
              </p>
              <ul className="space-y-1 text-sm">
                {a.gates.map((g, i) => (
                  <li key={i} className="flex flex-wrap items-baseline gap-2">
                    <VerdictBadge verdict={g.passed ? "PASS" : "FAIL"} />
                    <span className="text-slate-800">{g.description}</span>
                    <span className="text-slate-500 tabular-nums">(actual {pct(g.actual)})</span>
                    {g.failedCaseCount > 0 && (
                      <span className="text-xs text-slate-500">
                        {g.failedCaseCount} failed:{" "}
                        <span className="font-mono">{g.failedCases.map((c) => c.itemKey).join(", ")}</span>
                      </span>
                    )}
                  </li>
                ))}
              </ul>
            </div>
          ) : null,
        )}
      </CardBody>
    </Card>
  );
}

export function ArmSummaries({ run }: { run: TExperimentRun }) {
  const s = run.summary;
  if (!s) return null;
  return (
    <>
      {s.arms.map((a) => {
        const o = a.overall;
        const cfg = run.config.arms[a.arm];
        return (
          <Card key={a.arm} aria-labelledby={`arm-${a.arm}`} className="overflow-hidden">
            <CardHeader
              id={`arm-${a.arm}`}
              title={
                <span className="flex items-center gap-2">
                  <span className="font-mono">{cfg ? armLabel(cfg) : `Arm ${a.arm}`}</span>
                  <VerdictBadge verdict={a.verdict} />
                </span>
              }
              description={cfg ? `Model ${cfg.model}` : undefined}
            />
            <CardBody className="grid grid-cols-2 gap-4 sm:grid-cols-5">
              <Stat label="All graders pass" value={pct(o.passRate)} sub={`${o.items} items, ${o.cases} cases`} />
              <Stat
                label="Latency p50"
                value={durationText(o.latencyMs?.p50)}
                sub={`p95 ${durationText(o.latencyMs?.p95)}`}
              />
              <Stat
                label="Tokens"
                value={(o.inputTokens + o.outputTokens).toLocaleString("en")}
                sub={`${o.inputTokens.toLocaleString("en")} in · ${o.outputTokens.toLocaleString("en")} out`}
              />
              <Stat label="Cost" value={usd(o.costUsd)} />
              <Stat label="Errors · cached" value={`${o.errorCases} · ${o.cachedCases}`} />
            </CardBody>
            <GradersTable group={o} label={`Graders of arm ${a.arm}`} />
            <div className="border-t border-slate-100">
              <PartitionsTable arm={a} />
            </div>
          </Card>
        );
      })}
    </>
  );
}
