"use client";
import Link from "next/link";
import { Calculator, Radar } from "lucide-react";
import { NameLink, NewLink, ProjectListPage } from "~/components/common/project-list-page";
import { Badge } from "~/components/ui/badge";
import { LinkButton } from "~/components/ui/button";
import { Table, TD, TH, THead, TR } from "~/components/ui/table";
import { useTRPC } from "~/trpc/react";
import { IdleTimeoutCard } from "./idle-timeout-card";
import { samplingSummary } from "./format";

export function EvaluatorsPage({ projectId }: { projectId: string }) {
  const trpc = useTRPC();
  return (
    <ProjectListPage
      projectId={projectId}
      kind="evaluators"
      description="Online evaluators judge a deterministic sample of live traffic with a saved grader once each trace completes (end marker or idle timeout)."
      options={trpc.onlineEvals.list.queryOptions({ projectId })}
      newButton={(canEdit) => (
        <span className="flex gap-2">
          <LinkButton href={`/projects/${projectId}/evaluators/planner`} variant="secondary" size="sm">
            <Calculator className="size-4" aria-hidden /> Cost planner
          </LinkButton>
          {canEdit && <NewLink href={`/projects/${projectId}/evaluators/new`}>New evaluator</NewLink>}
        </span>
      )}
      dialogs={(canEdit) => <IdleTimeoutCard projectId={projectId} canEdit={canEdit} />}
      empty={{
        icon: Radar,
        title: "No online evaluators yet",
        description:
          "A deploy-time score says nothing about this week's traffic. An evaluator samples completed production traces — by rate, per stratum, and always for errors or bad feedback — and judges them with one of your graders.",
      }}
    >
      {(rows) => (
        <Table label="Online evaluators">
          <THead>
            <tr>
              <TH>Name</TH>
              <TH>Grader</TH>
              <TH>Sampling</TH>
              <TH className="text-right">Judged today</TH>
              <TH className="text-right">Judged total</TH>
              <TH>Status</TH>
            </tr>
          </THead>
          <tbody>
            {rows.map((r) => (
              <TR key={r.id} className="hover:bg-slate-50/80">
                <TD className="max-w-64">
                  <NameLink href={`/projects/${projectId}/evaluators/${r.id}`} name={r.name} />
                </TD>
                <TD>
                  <Link
                    href={`/projects/${projectId}/graders/${r.graderId}`}
                    className="font-mono text-xs text-slate-700 hover:underline"
                  >
                    {r.graderName} v{r.graderVersion}
                  </Link>
                </TD>
                <TD className="max-w-80 text-xs text-slate-600">{samplingSummary(r.sampling)}</TD>
                <TD className="text-right tabular-nums">{r.judgedToday.toLocaleString()}</TD>
                <TD className="text-right tabular-nums">{r.judgedTotal.toLocaleString()}</TD>
                <TD>
                  {!r.enabled ? (
                    <Badge tone="neutral">Disabled</Badge>
                  ) : r.budget.paused ? (
                    <Badge tone="amber">Paused: budget</Badge>
                  ) : (
                    <Badge tone="green">Active</Badge>
                  )}
                </TD>
              </TR>
            ))}
          </tbody>
        </Table>
      )}
    </ProjectListPage>
  );
}
