"use client";
import { CalibrationBadge } from "~/components/calibration/calibration-badge";
import { CalibrationPanel } from "~/components/calibration/calibration-panel";
import { TryItButton, VersionedDetailPage, VersionedHeader, VersionsPanel } from "~/components/common/versioned-detail";
import type { TVersionedDetail } from "~/components/common/versioned-detail";
import { Badge } from "~/components/ui/badge";
import { NotFoundPanel } from "~/components/ui/query-state";
import { Tabs } from "~/components/ui/tabs";
import { graderTypeLabel, isJudgeGraderType, type TGrader } from "~/lib/graders";
import { hasRole } from "~/lib/roles";
import { pickTab } from "~/lib/tabs";
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

function GraderBody({ grader, detail }: { grader: TGrader; detail: TVersionedDetail }) {
  const { projectId, params, go, canEdit } = detail;
  const latest = grader.versions[0];
  if (!latest) return <NotFoundPanel title="Grader not found">This grader has no saved versions.</NotFoundPanel>;
  const calibrated = grader.type === "llm_judge";
  // Only llm_judge scores are ordinal ratings that human labels can be compared with.
  const tabs = ALL_TABS.filter((t) => t.id !== "calibration" || calibrated);
  const tab = pickTab(tabs, params.get("tab"), "versions");
  const n = Number(params.get("v"));
  const selected = grader.versions.find((v) => v.version === n) ?? latest;

  return (
    <>
      <VersionedHeader
        detail={detail}
        name={grader.name}
        count={grader.versions.length}
        updated={latest.createdAt}
        badges={
          <>
            <Badge tone={grader.type && isJudgeGraderType(grader.type) ? "violet" : "neutral"}>
              {graderTypeLabel(grader.type)}
            </Badge>
            <Badge tone="indigo">v{grader.latestVersion}</Badge>
            <CalibrationBadge calibration={grader.calibration} />
            <WarningsBadge warnings={grader.warnings} />
          </>
        }
        note={
          !calibrated && (
            <span className="text-slate-400">Only LLM-judge graders are calibrated against human labels.</span>
          )
        }
        actions={hasRole(detail.role, "ADMIN") && <DeleteGraderButton projectId={projectId} grader={grader} />}
        newVersion={{ tab: "versions", v: undefined }}
      />
      {detail.editing ? (
        <GraderEditor
          key={latest.version}
          projectId={projectId}
          name={grader.name}
          base={latest}
          onCancel={detail.editor.onCancel}
          onSaved={detail.editor.onSaved}
        />
      ) : (
        <Tabs tabs={tabs} value={tab} onChange={(t) => go({ tab: t })} label="Grader sections">
          {tab === "versions" && (
            <VersionsPanel
              versions={grader.versions}
              selected={selected.version}
              onSelect={(v) => go({ v })}
              badges={(v) => (
                <>
                  {v.type !== latest.type && (
                    <span className="text-[11px] text-slate-500">{graderTypeLabel(v.type)}</span>
                  )}
                  {v.version === latest.version && <Badge tone="indigo">latest</Badge>}
                </>
              )}
              message={(v) => v.message}
            >
              <VersionConfig
                version={selected}
                actions={<TryItButton onClick={() => go({ tab: "try", v: selected.version })} />}
              />
            </VersionsPanel>
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
  const trpc = useTRPC();
  return (
    <VersionedDetailPage
      projectId={projectId}
      noun="grader"
      options={trpc.graders.get.queryOptions({ projectId, graderId })}
    >
      {(grader, detail) => <GraderBody grader={grader} detail={detail} />}
    </VersionedDetailPage>
  );
}
