"use client";
import { Scale } from "lucide-react";
import { CalibrationBadge } from "~/components/calibration/calibration-badge";
import { NameLink, NewLink, ProjectListPage, UpdatedCell } from "~/components/common/project-list-page";
import { Badge } from "~/components/ui/badge";
import { Table, TD, TH, THead, TR } from "~/components/ui/table";
import { graderTypeLabel, isJudgeGraderType } from "~/lib/graders";
import { useTRPC } from "~/trpc/react";
import { WarningsBadge } from "./grader-warnings";

export function GradersPage({ projectId }: { projectId: string }) {
  const trpc = useTRPC();
  return (
    <ProjectListPage
      projectId={projectId}
      kind="graders"
      description="Versioned scoring rules for experiments: deterministic checks and LLM judges calibrated against human labels."
      options={trpc.graders.list.queryOptions({ projectId })}
      newButton={(canEdit) =>
        canEdit ? <NewLink href={`/projects/${projectId}/graders/new`}>New grader</NewLink> : undefined
      }
      empty={{
        icon: Scale,
        title: "No graders yet",
        description:
          "A grader scores one output: exact match, regex, JSON schema and other deterministic checks, or an LLM judge with your rubric. Every change is a new version, so scores always name the rule that produced them.",
      }}
    >
      {(rows) => (
        <Table label="Graders">
          <THead>
            <tr>
              <TH>Name</TH>
              <TH>Type</TH>
              <TH>Latest</TH>
              <TH>Judge model</TH>
              <TH>Calibration</TH>
              <TH className="text-right">Updated</TH>
            </tr>
          </THead>
          <tbody>
            {rows.map((g) => (
              <TR key={g.id} className="hover:bg-slate-50/80">
                <TD className="max-w-72">
                  <NameLink href={`/projects/${projectId}/graders/${g.id}`} name={g.name} mono />
                </TD>
                <TD>
                  <Badge tone={g.type && isJudgeGraderType(g.type) ? "violet" : "neutral"}>
                    {graderTypeLabel(g.type)}
                  </Badge>
                </TD>
                <TD className="max-w-72">
                  <span className="text-sm font-medium text-slate-900 tabular-nums">v{g.latestVersion}</span>
                  {g.latest?.message && <p className="truncate text-xs text-slate-500">{g.latest.message}</p>}
                </TD>
                <TD>
                  <span className="flex flex-wrap items-center gap-1.5">
                    <span className="font-mono text-xs text-slate-600">{g.latest?.judgeModel ?? "—"}</span>
                    <WarningsBadge warnings={g.warnings} />
                  </span>
                </TD>
                <TD>
                  <CalibrationBadge calibration={g.calibration} />
                </TD>
                <UpdatedCell value={g.latest?.createdAt ?? g.updatedAt} />
              </TR>
            ))}
          </tbody>
        </Table>
      )}
    </ProjectListPage>
  );
}
