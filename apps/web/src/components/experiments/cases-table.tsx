"use client";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "~/components/ui/button";
import { Badge } from "~/components/ui/badge";
import { Card, CardHeader } from "~/components/ui/card";
import { EmptyState } from "~/components/ui/empty-state";
import { ErrorPanel } from "~/components/ui/query-state";
import { Select } from "~/components/ui/select";
import { TableSkeleton } from "~/components/ui/skeleton";
import { Table, TD, TH, THead, TR } from "~/components/ui/table";
import { ListChecks } from "lucide-react";
import type { RouterOutputs } from "~/lib/types";
import { useTRPC } from "~/trpc/react";
import { armLabel, durationText, score, usd, type TExperimentRun } from "./format";

type TCase = RouterOutputs["experiments"]["cases"]["cases"][number];

function short(v: unknown): string {
  if (v === null || v === undefined) return "";
  const s = typeof v === "string" ? v : JSON.stringify(v);
  return s;
}

function Clip({ text, mono }: { text: string; mono?: boolean }) {
  if (!text) return <span className="text-slate-400">—</span>;
  return (
    <p
      className={`line-clamp-3 text-xs break-words whitespace-pre-wrap text-slate-700 ${mono ? "font-mono" : ""}`}
      title={text}
    >
      {text}
    </p>
  );
}

function GraderCell({ c, run }: { c: TCase; run: TExperimentRun }) {
  return (
    <ul className="space-y-1">
      {c.graderResults.map((g) => {
        const name = run.config.graders.find((x) => x.graderId === g.graderId)?.name ?? g.graderId;
        return (
          <li key={g.graderId} className="text-xs">
            <span className="flex items-center gap-1.5">
              <Badge tone={g.error ? "amber" : g.passed ? "green" : "red"}>
                {g.error ? "error" : g.passed ? "pass" : "fail"}
              </Badge>
              <span className="font-mono text-slate-700">{name}</span>
              <span className="text-slate-500 tabular-nums">{score(g.score)}</span>
            </span>
            {(g.reasoning || g.error) && (
              <details className="mt-0.5">
                <summary className="cursor-pointer text-slate-500">{g.error ? "error" : "reasoning"}</summary>
                <p className="mt-0.5 max-w-md whitespace-pre-wrap text-slate-600">{g.error ?? g.reasoning}</p>
              </details>
            )}
          </li>
        );
      })}
    </ul>
  );
}

export function CasesTable({ projectId, run }: { projectId: string; run: TExperimentRun }) {
  const trpc = useTRPC();
  const [filter, setFilter] = useState<"all" | "failures">("all");
  const [arm, setArm] = useState<string>("");
  // Cursors of the pages before this one: "Previous" pops, "Next" pushes.
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const cursor = cursors[cursors.length - 1];
  const cases = useQuery(
    trpc.experiments.cases.queryOptions({
      projectId,
      runId: run.id,
      filter,
      arm: arm === "" ? undefined : Number(arm),
      cursor,
      limit: 25,
    }),
  );
  const reset = () => setCursors([undefined]);
  const multiArm = run.config.arms.length > 1;
  return (
    <Card className="overflow-hidden" aria-labelledby="cases-title">
      <CardHeader
        id="cases-title"
        title="Cases"
        description="Every item, prompt version and repeat, with the graders' results."
        actions={
          <>
            {multiArm && (
              <Select
                aria-label="Prompt version"
                className="w-52"
                value={arm}
                onChange={(e) => (setArm(e.target.value), reset())}
              >
                <option value="">All prompt versions</option>
                {run.config.arms.map((a, i) => (
                  <option key={i} value={String(i)}>
                    {armLabel(a)}
                  </option>
                ))}
              </Select>
            )}
            <label className="flex items-center gap-1.5 text-sm text-slate-700">
              <input
                type="checkbox"
                checked={filter === "failures"}
                onChange={(e) => (setFilter(e.target.checked ? "failures" : "all"), reset())}
              />
              Failures only
            </label>
          </>
        }
      />
      {cases.isPending && <TableSkeleton label="Loading cases" />}
      {cases.isError && (
        <div className="p-5">
          <ErrorPanel error={cases.error} onRetry={() => void cases.refetch()} />
        </div>
      )}
      {cases.data?.cases.length === 0 && (
        <EmptyState
          icon={ListChecks}
          title={filter === "failures" ? "No failures" : "No cases yet"}
          description={
            filter === "failures"
              ? "Every graded case passed."
              : "Cases appear here as the run works through the dataset."
          }
        />
      )}
      {cases.data && cases.data.cases.length > 0 && (
        <>
          <Table label="Cases">
            <THead>
              <tr>
                <TH className="min-w-40">Item</TH>
                <TH className="min-w-48">Input</TH>
                <TH className="min-w-32">Expected</TH>
                <TH className="min-w-48">Output</TH>
                <TH className="min-w-56">Graders</TH>
                <TH className="text-right">Latency</TH>
                <TH className="text-right">Cost</TH>
              </tr>
            </THead>
            <tbody>
              {cases.data.cases.map((c) => (
                <TR key={`${c.arm}-${c.itemKey}-${c.repeat}`} className="align-top">
                  <TD className="align-top">
                    <p className="font-mono text-xs font-medium text-slate-900">{c.itemKey}</p>
                    <p className="text-xs text-slate-500">
                      {c.partition}
                      {multiArm && ` · ${run.config.arms[c.arm] ? armLabel(run.config.arms[c.arm]!) : `arm ${c.arm}`}`}
                      {run.config.repeats > 1 && ` · repeat ${c.repeat + 1}`}
                      {c.cached && " · cached"}
                    </p>
                  </TD>
                  <TD className="max-w-64 align-top">
                    <Clip text={short(c.input)} mono />
                  </TD>
                  <TD className="max-w-48 align-top">
                    <Clip text={c.expectedOutput ?? ""} />
                  </TD>
                  <TD className="max-w-72 align-top">
                    {c.error ? <p className="text-xs text-red-700">{c.error}</p> : <Clip text={c.output ?? ""} />}
                  </TD>
                  <TD className="align-top">
                    <GraderCell c={c} run={run} />
                  </TD>
                  <TD className="text-right align-top text-xs whitespace-nowrap tabular-nums">
                    {durationText(c.latencyMs)}
                  </TD>
                  <TD className="text-right align-top text-xs whitespace-nowrap tabular-nums">
                    {usd((c.costUsd ?? 0) + (c.graderCostUsd ?? 0))}
                  </TD>
                </TR>
              ))}
            </tbody>
          </Table>
          <div className="flex items-center justify-end gap-2 border-t border-slate-100 px-5 py-3">
            <span className="mr-auto text-xs text-slate-500">Page {cursors.length}</span>
            <Button
              variant="secondary"
              size="sm"
              disabled={cursors.length === 1}
              onClick={() => setCursors((c) => c.slice(0, -1))}
            >
              Previous
            </Button>
            <Button
              variant="secondary"
              size="sm"
              disabled={!cases.data.nextCursor}
              onClick={() => setCursors((c) => [...c, cases.data.nextCursor ?? undefined])}
            >
              Next
            </Button>
          </div>
        </>
      )}
    </Card>
  );
}
