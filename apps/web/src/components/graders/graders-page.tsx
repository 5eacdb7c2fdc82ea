"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { Plus, Scale } from "lucide-react";
import { CalibrationBadge } from "~/components/calibration/calibration-badge";
import { Badge } from "~/components/ui/badge";
import { EmptyState } from "~/components/ui/empty-state";
import { ListCard } from "~/components/ui/list-card";
import { LinkButton } from "~/components/ui/button";
import { PageHeader, type TCrumb } from "~/components/ui/page-header";
import { Table, TD, TH, THead, TR } from "~/components/ui/table";
import { ProjectFrame } from "~/components/projects/project-frame";
import { RelativeTime } from "~/components/common/relative-time";
import { graderTypeLabel, isJudgeGraderType } from "~/lib/graders";
import { hasRole, type Role } from "~/lib/roles";
import { useTRPC } from "~/trpc/react";
import { WarningsBadge } from "./grader-warnings";

function GradersBody({ projectId, role, crumbs }: { projectId: string; role: Role; crumbs: TCrumb[] }) {
  const trpc = useTRPC();
  const list = useQuery(trpc.graders.list.queryOptions({ projectId }));
  const newButton = hasRole(role, "MEMBER") ? (
    <LinkButton href={`/projects/${projectId}/graders/new`}>
      <Plus className="size-4" aria-hidden />
      New grader
    </LinkButton>
  ) : undefined;
  const rows = list.data;
  return (
    <>
      <PageHeader
        crumbs={crumbs}
        title="Graders"
        description="Versioned scoring rules for experiments: deterministic checks and LLM judges calibrated against human labels."
        actions={rows && rows.length > 0 ? newButton : undefined}
      />
      <ListCard
        query={list}
        loadingLabel="Loading graders"
        empty={
          <EmptyState
            icon={Scale}
            title="No graders yet"
            description="A grader scores one output: exact match, regex, JSON schema and other deterministic checks, or an LLM judge with your rubric. Every change is a new version, so scores always name the rule that produced them."
            action={newButton}
          />
        }
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
                    <Link
                      href={`/projects/${projectId}/graders/${g.id}`}
                      className="block truncate font-mono font-medium text-slate-900 hover:text-indigo-700"
                    >
                      {g.name}
                    </Link>
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
                  <TD className="text-right text-xs whitespace-nowrap text-slate-500">
                    <RelativeTime value={g.latest?.createdAt ?? g.updatedAt} />
                  </TD>
                </TR>
              ))}
            </tbody>
          </Table>
        )}
      </ListCard>
    </>
  );
}

export function GradersPage({ projectId }: { projectId: string }) {
  return (
    <ProjectFrame projectId={projectId} label="graders">
      {(p, crumbs) => <GradersBody projectId={projectId} role={p.role} crumbs={crumbs({ label: "Graders" })} />}
    </ProjectFrame>
  );
}
