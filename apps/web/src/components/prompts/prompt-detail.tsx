"use client";
import { GitCompare } from "lucide-react";
import { TryItButton, VersionedDetailPage, VersionedHeader, VersionsPanel } from "~/components/common/versioned-detail";
import type { TVersionedDetail } from "~/components/common/versioned-detail";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { Tabs } from "~/components/ui/tabs";
import type { TPrompt } from "~/lib/prompts";
import { pickTab } from "~/lib/tabs";
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

function PromptBody({ prompt, detail }: { prompt: TPrompt; detail: TVersionedDetail }) {
  const { projectId, params, go, canEdit } = detail;
  const latest = prompt.versions[0]!;
  const tab = pickTab(TABS, params.get("tab"), "versions");
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
      <VersionedHeader
        detail={detail}
        name={prompt.name}
        count={prompt.versions.length}
        updated={latest.createdAt}
        badges={
          <>
            <Badge tone="indigo">v{prompt.latestVersion}</Badge>
            {prompt.labels.map((l) => (
              <LabelBadge key={l.name} name={l.name} version={l.version} locked={prompt.protectedProduction} />
            ))}
          </>
        }
        newVersion={{ tab: "versions" }}
      />
      {detail.editing ? (
        <PromptEditor
          key={selected.version}
          projectId={projectId}
          name={prompt.name}
          base={selected}
          nextVersion={prompt.latestVersion + 1}
          onCancel={detail.editor.onCancel}
          onSaved={detail.editor.onSaved}
        />
      ) : (
        <Tabs tabs={TABS} value={tab} onChange={(t) => go({ tab: t })} label="Prompt sections">
          {tab === "versions" && (
            <VersionsPanel
              versions={prompt.versions}
              selected={selected.version}
              onSelect={(v) => go({ v })}
              badges={(v) =>
                labelsOf(v.version).map((l) => <LabelBadge key={l} name={l} locked={prompt.protectedProduction} />)
              }
              message={(v) => v.commitMessage}
            >
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
                    <TryItButton onClick={() => go({ tab: "playground", v: selected.version })} />
                  </>
                }
              />
            </VersionsPanel>
          )}
          {tab === "labels" && (
            <LabelsPanel key={prompt.latestVersion} projectId={projectId} prompt={prompt} role={detail.role} />
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
  const trpc = useTRPC();
  return (
    <VersionedDetailPage
      projectId={projectId}
      noun="prompt"
      options={trpc.prompts.get.queryOptions({ projectId, promptId })}
    >
      {(prompt, detail) => <PromptBody prompt={prompt} detail={detail} />}
    </VersionedDetailPage>
  );
}
