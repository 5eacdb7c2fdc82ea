"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { Card, CardBody, CardHeader } from "~/components/ui/card";
import { Skeleton } from "~/components/ui/skeleton";
import { Table, TD, TH, THead, TR } from "~/components/ui/table";
import { useTRPC } from "~/trpc/react";
import { estimateSample, estimateValue } from "./format";

/** The dashboard's "Online scores": each evaluator's weighted estimate per prompt version, last 7 days. */
export function OnlineScoresPanel({ projectId }: { projectId: string }) {
  const trpc = useTRPC();
  const q = useQuery(trpc.onlineEvals.dashboardPanel.queryOptions({ projectId, days: 7 }));
  return (
    <Card aria-labelledby="online-scores-title" className="mt-4">
      <CardHeader
        id="online-scores-title"
        title="Online scores"
        description="Live traffic judged by online evaluators, last 7 days (UTC). Weighted by inclusion probability; ± is a 95% confidence interval."
        actions={
          <Link href={`/projects/${projectId}/evaluators`} className="text-sm text-indigo-700 hover:underline">
            Evaluators
          </Link>
        }
      />
      <CardBody>
        {q.isError ? (
          <p className="text-sm text-red-600">Could not load online scores.</p>
        ) : !q.data ? (
          <Skeleton className="h-24 w-full" />
        ) : q.data.rules.length === 0 ? (
          <p className="text-sm text-slate-500">
            No judged traffic yet.{" "}
            <Link href={`/projects/${projectId}/evaluators/new`} className="text-indigo-700 hover:underline">
              Create an online evaluator
            </Link>{" "}
            to score a sample of production traces.
          </p>
        ) : (
          <Table label="Online scores by prompt version">
            <THead>
              <tr>
                <TH>Evaluator</TH>
                <TH>Prompt version</TH>
                <TH className="text-right">Score</TH>
                <TH className="text-right">Sample</TH>
              </tr>
            </THead>
            <tbody>
              {q.data.rules.flatMap((r) =>
                [{ promptVersion: "all", ...r.overall }, ...r.byPromptVersion].map((v, i) => (
                  <TR key={`${r.ruleId}-${v.promptVersion}`}>
                    <TD className={i === 0 ? "font-medium" : "text-transparent"}>
                      {i === 0 ? (
                        <Link href={`/projects/${projectId}/evaluators/${r.ruleId}`} className="hover:text-indigo-700">
                          {r.ruleName} <span className="font-mono text-xs text-slate-500">({r.scoreName})</span>
                        </Link>
                      ) : (
                        "·"
                      )}
                    </TD>
                    <TD className={i === 0 ? "text-slate-500" : "font-mono text-xs"}>{v.promptVersion}</TD>
                    <TD className="text-right tabular-nums">{estimateValue(v)}</TD>
                    <TD className="text-right text-xs text-slate-500 tabular-nums">{estimateSample(v)}</TD>
                  </TR>
                )),
              )}
            </tbody>
          </Table>
        )}
      </CardBody>
    </Card>
  );
}
