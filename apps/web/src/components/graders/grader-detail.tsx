"use client";
import { useQuery } from "@tanstack/react-query";
import { Play, Plus } from "lucide-react";
import { Suspense, useState } from "react";
import { CalibrationBadge } from "~/components/calibration/calibration-badge";
import { CalibrationPanel } from "~/components/calibration/calibration-panel";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { Card } from "~/components/ui/card";
import { PageHeader, type TCrumb } from "~/components/ui/page-header";
import { ErrorPanel, NotFoundPanel } from "~/components/ui/query-state";
import { LoadingRegion, Skeleton } from "~/components/ui/skeleton";
import { Tabs } from "~/components/ui/tabs";
import { ProjectFrame } from "~/components/projects/project-frame";
import { RelativeTime } from "~/components/common/relative-time";
import { cn } from "~/lib/cn";
import { authorName } from "~/lib/datasets";
import { graderTypeLabel, isJudgeGraderType } from "~/lib/graders";
import { hasRole, type Role } from "~/lib/roles";
import { isNotFound } from "~/lib/trpc-errors";
import { useQueryState } from "~/lib/use-query-state";
import { useTRPC } from "~/trpc/react";
import { DeleteGraderButton } from "./delete-grader-button";
import { GraderEditor } from "./grader-editor";
import { WarningsBadge } from "./grader-warnings";
import { TryIt } from "./try-it";
import { VersionConfig } from "./version-config";

const ALL_TABS = [
  { id: "versions", label: "Versions" },
  { id: "try", label: "Try it" },
  { id: "calibration", label: "Calibration" },
] as const;
type TTab = (typeof ALL_TABS)[number]["id"];

function DetailSkeleton() {
  return (
    <LoadingRegion label="Loading grader" className="space-y-6">
      <Skeleton className="h-8 w-64" />
      <div className="grid gap-4 lg:grid-cols-[16rem_1fr]">
        <Skeleton className="h-72 rounded-xl" />
        <Skeleton className="h-72 rounded-xl" />
      </div>
    </LoadingRegion>
  );
}

function GraderBody({
  projectId,
  graderId,
  role,
  crumbs,
}: {
  projectId: string;
  graderId: string;
  role: Role;
  crumbs: (...rest: TCrumb[]) => TCrumb[];
}) {
  const trpc = useTRPC();
  const { params, go } = useQueryState("versions");
  const query = useQuery(trpc.graders.get.queryOptions({ projectId, graderId }));
  const [editing, setEditing] = useState(false);
  const canEdit = hasRole(role, "MEMBER");

  if (isNotFound(query.error)) return <NotFoundPanel title="Grader not found" />;
  if (query.isError) return <ErrorPanel error={query.error} onRetry={() => void query.refetch()} />;
  if (query.isPending) return <DetailSkeleton />;

  const grader = query.data;
  const latest = grader.versions[0];
  if (!latest) return <NotFoundPanel title="Grader not found">This grader has no saved versions.</NotFoundPanel>;
  const calibrated = grader.type === "llm_judge";
  // Only llm_judge scores are ordinal ratings that human labels can be compared with.
  const tabs = ALL_TABS.filter((t) => t.id !== "calibration" || calibrated);
  const rawTab = params.get("tab");
  const tab: TTab = tabs.some((t) => t.id === rawTab) ? (rawTab as TTab) : "versions";
  const n = Number(params.get("v"));
  const selected = grader.versions.find((v) => v.version === n) ?? latest;

  return (
    <>
      <PageHeader
        crumbs={crumbs({ label: "Graders", href: `/projects/${projectId}/graders` }, { label: grader.name })}
        title={<span className="font-mono">{grader.name}</span>}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <Badge tone={grader.type && isJudgeGraderType(grader.type) ? "violet" : "neutral"}>
              {graderTypeLabel(grader.type)}
            </Badge>
            <Badge tone="indigo">v{grader.latestVersion}</Badge>
            <CalibrationBadge calibration={grader.calibration} />
            <WarningsBadge warnings={grader.warnings} />
            <span>
              {grader.versions.length} version{grader.versions.length === 1 ? "" : "s"} · updated{" "}
              <RelativeTime value={latest.createdAt} />
            </span>
            {!calibrated && (
              <span className="text-slate-400">Only LLM-judge graders are calibrated against human labels.</span>
            )}
          </span>
        }
        actions={
          !editing && canEdit ? (
            <>
              {hasRole(role, "ADMIN") && <DeleteGraderButton projectId={projectId} grader={grader} />}
              <Button
                onClick={() => {
                  setEditing(true);
                  go({ tab: "versions", v: undefined });
                }}
              >
                <Plus className="size-4" aria-hidden />
                New version
              </Button>
            </>
          ) : undefined
        }
      />
      {editing ? (
        <GraderEditor
          key={latest.version}
          projectId={projectId}
          name={grader.name}
          base={latest}
          onCancel={() => setEditing(false)}
          onSaved={({ version }) => {
            setEditing(false);
            go({ v: version, tab: "versions" });
          }}
        />
      ) : (
        <Tabs tabs={tabs} value={tab} onChange={(t) => go({ tab: t })} label="Grader sections">
          {tab === "versions" && (
            <div className="grid items-start gap-6 lg:grid-cols-[16rem_minmax(0,1fr)]">
              <Card className="overflow-hidden">
                <ol aria-label="Versions" className="divide-y divide-slate-100">
                  {grader.versions.map((v) => (
                    <li key={v.version}>
                      <button
                        type="button"
                        onClick={() => go({ v: v.version })}
                        aria-current={v.version === selected.version ? "true" : undefined}
                        className={cn(
                          "block w-full px-4 py-2.5 text-left hover:bg-slate-50",
                          v.version === selected.version && "bg-indigo-50/70 hover:bg-indigo-50",
                        )}
                      >
                        <span className="flex flex-wrap items-center gap-1.5">
                          <span
                            className={cn(
                              "text-sm font-semibold",
                              v.version === selected.version ? "text-indigo-700" : "text-slate-900",
                            )}
                          >
                            v{v.version}
                          </span>
                          {v.type !== latest.type && (
                            <span className="text-[11px] text-slate-500">{graderTypeLabel(v.type)}</span>
                          )}
                          {v.version === latest.version && <Badge tone="indigo">latest</Badge>}
                        </span>
                        <span className="mt-0.5 block truncate text-xs text-slate-600">{v.message}</span>
                        <span className="block text-[11px] text-slate-400">
                          {authorName(v.createdBy)} · <RelativeTime value={v.createdAt} />
                        </span>
                      </button>
                    </li>
                  ))}
                </ol>
              </Card>
              <VersionConfig
                version={selected}
                actions={
                  <Button variant="secondary" size="sm" onClick={() => go({ tab: "try", v: selected.version })}>
                    <Play className="size-3.5" aria-hidden />
                    Try it
                  </Button>
                }
              />
            </div>
          )}
          {tab === "try" && (
            <TryIt
              projectId={projectId}
              grader={grader}
              version={selected.version}
              onVersion={(v) => go({ v })}
              canRun={canEdit}
            />
          )}
          {tab === "calibration" && <CalibrationPanel projectId={projectId} graderId={grader.id} canEdit={canEdit} />}
        </Tabs>
      )}
    </>
  );
}

export function GraderDetail({ projectId, graderId }: { projectId: string; graderId: string }) {
  return (
    <ProjectFrame projectId={projectId} label="grader">
      {(p, crumbs) => (
        <Suspense fallback={<DetailSkeleton />}>
          <GraderBody projectId={projectId} graderId={graderId} role={p.role} crumbs={crumbs} />
        </Suspense>
      )}
    </ProjectFrame>
  );
}
