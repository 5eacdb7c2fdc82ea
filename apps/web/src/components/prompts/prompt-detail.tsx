"use client";
import { useQuery } from "@tanstack/react-query";
import { GitCompare, Play, Plus } from "lucide-react";
import { Suspense, useState } from "react";
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
import { hasRole, type Role } from "~/lib/roles";
import { isNotFound } from "~/lib/trpc-errors";
import { useQueryState } from "~/lib/use-query-state";
import { useTRPC } from "~/trpc/react";
import { LabelBadge } from "./label-badges";
import { LabelsPanel } from "./labels-panel";
import { Playground } from "./playground";
import { PromptDiff } from "./prompt-diff";
import { PromptEditor } from "./prompt-editor";
import { VersionView } from "./version-view";

const TABS = [
  { id: "versions", label: "Versions" },
  { id: "labels", label: "Labels" },
  { id: "diff", label: "Diff" },
  { id: "playground", label: "Playground" },
] as const;
type TTab = (typeof TABS)[number]["id"];

function DetailSkeleton() {
  return (
    <LoadingRegion label="Loading prompt" className="space-y-6">
      <Skeleton className="h-8 w-64" />
      <div className="grid gap-4 lg:grid-cols-[16rem_1fr]">
        <Skeleton className="h-72 rounded-xl" />
        <Skeleton className="h-72 rounded-xl" />
      </div>
    </LoadingRegion>
  );
}

function PromptBody({
  projectId,
  promptId,
  role,
  crumbs,
}: {
  projectId: string;
  promptId: string;
  role: Role;
  crumbs: (...rest: TCrumb[]) => TCrumb[];
}) {
  const trpc = useTRPC();
  const { params, go } = useQueryState("versions");
  const query = useQuery(trpc.prompts.get.queryOptions({ projectId, promptId }));
  const [editing, setEditing] = useState(false);
  const canEdit = hasRole(role, "MEMBER");

  if (isNotFound(query.error)) return <NotFoundPanel title="Prompt not found" />;
  if (query.isError) return <ErrorPanel error={query.error} onRetry={() => void query.refetch()} />;
  if (query.isPending) return <DetailSkeleton />;

  const prompt = query.data;
  const latest = prompt.versions[0]!;
  const rawTab = params.get("tab");
  const tab: TTab = TABS.some((t) => t.id === rawTab) ? (rawTab as TTab) : "versions";
  const num = (k: string) => {
    const n = Number(params.get(k));
    return Number.isInteger(n) && prompt.versions.some((v) => v.version === n) ? n : undefined;
  };
  const selectedNo = num("v") ?? latest.version;
  const selected = prompt.versions.find((v) => v.version === selectedNo)!;
  const to = num("to") ?? latest.version;
  const from = num("from") ?? prompt.versions.find((v) => v.version < to)?.version ?? to;
  const labelsOf = (n: number) => prompt.labels.filter((l) => l.version === n).map((l) => l.name);

  return (
    <>
      <PageHeader
        crumbs={crumbs({ label: "Prompts", href: `/projects/${projectId}/prompts` }, { label: prompt.name })}
        title={<span className="font-mono">{prompt.name}</span>}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <Badge tone="indigo">v{prompt.latestVersion}</Badge>
            {prompt.labels.map((l) => (
              <LabelBadge key={l.name} name={l.name} version={l.version} locked={prompt.protectedProduction} />
            ))}
            <span>
              {prompt.versions.length} version{prompt.versions.length === 1 ? "" : "s"} · updated{" "}
              <RelativeTime value={latest.createdAt} />
            </span>
          </span>
        }
        actions={
          canEdit && !editing ? (
            <Button
              onClick={() => {
                setEditing(true);
                go({ tab: "versions" });
              }}
            >
              <Plus className="size-4" aria-hidden />
              New version
            </Button>
          ) : undefined
        }
      />
      {editing ? (
        <PromptEditor
          key={selected.version}
          projectId={projectId}
          name={prompt.name}
          base={selected}
          nextVersion={prompt.latestVersion + 1}
          onCancel={() => setEditing(false)}
          onSaved={({ version }) => {
            setEditing(false);
            go({ v: version, tab: "versions" });
          }}
        />
      ) : (
        <Tabs tabs={TABS} value={tab} onChange={(t) => go({ tab: t })} label="Prompt sections">
          {tab === "versions" && (
            <div className="grid items-start gap-6 lg:grid-cols-[16rem_minmax(0,1fr)]">
              <Card className="overflow-hidden">
                <ol aria-label="Versions" className="divide-y divide-slate-100">
                  {prompt.versions.map((v) => (
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
                          {labelsOf(v.version).map((l) => (
                            <LabelBadge key={l} name={l} locked={prompt.protectedProduction} />
                          ))}
                        </span>
                        <span className="mt-0.5 block truncate text-xs text-slate-600">{v.commitMessage}</span>
                        <span className="block text-[11px] text-slate-400">
                          {authorName(v.createdBy)} · <RelativeTime value={v.createdAt} />
                        </span>
                      </button>
                    </li>
                  ))}
                </ol>
              </Card>
              <VersionView
                version={selected}
                labels={labelsOf(selected.version)}
                locked={prompt.protectedProduction}
                actions={
                  <>
                    {selected.version > 1 && (
                      <Button
                        variant="ghost"
                        size="sm"
                        onClick={() =>
                          go({
                            tab: "diff",
                            from: prompt.versions.find((x) => x.version < selected.version)?.version,
                            to: selected.version,
                          })
                        }
                      >
                        <GitCompare className="size-3.5" aria-hidden />
                        Diff with previous
                      </Button>
                    )}
                    <Button
                      variant="secondary"
                      size="sm"
                      onClick={() => go({ tab: "playground", v: selected.version })}
                    >
                      <Play className="size-3.5" aria-hidden />
                      Try it
                    </Button>
                  </>
                }
              />
            </div>
          )}
          {tab === "labels" && (
            <LabelsPanel key={prompt.latestVersion} projectId={projectId} prompt={prompt} role={role} />
          )}
          {tab === "diff" &&
            (prompt.versions.length < 2 ? (
              <p className="rounded-xl border border-dashed border-slate-300 px-6 py-10 text-center text-sm text-slate-500">
                There is only one version. Save a new version to compare.
              </p>
            ) : (
              <PromptDiff
                projectId={projectId}
                prompt={prompt}
                from={from}
                to={to}
                onChange={(f, t) => go({ from: f, to: t })}
              />
            ))}
          {tab === "playground" && (
            <Playground
              projectId={projectId}
              prompt={prompt}
              version={selected.version}
              onVersion={(n) => go({ v: n })}
              canRun={canEdit}
            />
          )}
        </Tabs>
      )}
    </>
  );
}

export function PromptDetail({ projectId, promptId }: { projectId: string; promptId: string }) {
  return (
    <ProjectFrame projectId={projectId} label="prompt">
      {(p, crumbs) => (
        <Suspense fallback={<DetailSkeleton />}>
          <PromptBody projectId={projectId} promptId={promptId} role={p.role} crumbs={crumbs} />
        </Suspense>
      )}
    </ProjectFrame>
  );
}
