"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { Plus, Scale } from "lucide-react";
import { useState } from "react";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { EmptyState } from "~/components/ui/empty-state";
import { ListCard } from "~/components/ui/list-card";
import { Table, TD, TH, THead, TR } from "~/components/ui/table";
import { RelativeTime } from "~/components/common/relative-time";
import { fmtStat } from "~/lib/calibration";
import { useTRPC } from "~/trpc/react";
import { CreateSetDialog } from "./create-set-dialog";

/** Calibration sets of one llm_judge grader, with their latest agreement. */
export function CalibrationPanel({
  projectId,
  graderId,
  canEdit,
}: {
  projectId: string;
  graderId: string;
  canEdit: boolean;
}) {
  const trpc = useTRPC();
  const sets = useQuery(trpc.calibration.listSets.queryOptions({ projectId, graderId }));
  const [creating, setCreating] = useState(false);
  const newButton = canEdit ? (
    <Button onClick={() => setCreating(true)}>
      <Plus className="size-4" aria-hidden />
      New calibration set
    </Button>
  ) : undefined;
  const rows = sets.data;
  return (
    <div className="space-y-4">
      {rows && rows.length > 0 && <div className="flex justify-end">{newButton}</div>}
      <ListCard
        query={sets}
        loadingLabel="Loading calibration sets"
        empty={
          <EmptyState
            icon={Scale}
            title="Not calibrated against people yet"
            description="Pick a dataset version, score about 20 of its items yourself, and run the judge on the same items. Yardstick reports weighted κ, Spearman and exact agreement with confidence intervals."
            action={newButton}
          />
        }
      >
        {(rows) => (
          <Table label="Calibration sets">
            <THead>
              <tr>
                <TH>Set</TH>
                <TH>Dataset</TH>
                <TH className="text-right">Labelled</TH>
                <TH className="text-right">Latest κ</TH>
                <TH>Verdict</TH>
                <TH className="text-right">Last run</TH>
              </tr>
            </THead>
            <tbody>
              {rows.map((s) => {
                const run = s.latestRun;
                return (
                  <TR key={s.id} className="hover:bg-slate-50/80">
                    <TD>
                      <Link
                        href={`/projects/${projectId}/calibration/${s.id}`}
                        className="font-medium text-slate-900 hover:text-indigo-700"
                      >
                        {s.name}
                      </Link>
                    </TD>
                    <TD className="text-slate-600">
                      {s.dataset.name} <span className="text-slate-400">v{s.datasetVersion}</span>
                    </TD>
                    <TD className="text-right tabular-nums">{s.labelCount}</TD>
                    <TD className="text-right font-mono tabular-nums">
                      {run?.status === "completed" ? fmtStat(run.kappa) : "—"}
                      <span className="text-xs text-slate-400"> / {fmtStat(s.kappaThreshold)}</span>
                    </TD>
                    <TD>
                      {!run && <span className="text-xs text-slate-400">not run</span>}
                      {run?.status === "failed" && <Badge tone="red">Run failed</Badge>}
                      {run?.status === "running" && <Badge tone="indigo">Running</Badge>}
                      {run?.status === "completed" &&
                        (run.stale ? (
                          <Badge tone="amber">Stale (v{run.graderVersion.version})</Badge>
                        ) : run.calibrated ? (
                          <Badge tone="green">Calibrated</Badge>
                        ) : (
                          <Badge tone="red">Uncalibrated</Badge>
                        ))}
                    </TD>
                    <TD className="text-right text-xs whitespace-nowrap text-slate-500">
                      {run ? <RelativeTime value={run.startedAt} /> : "—"}
                    </TD>
                  </TR>
                );
              })}
            </tbody>
          </Table>
        )}
      </ListCard>
      <CreateSetDialog projectId={projectId} graderId={graderId} open={creating} onClose={() => setCreating(false)} />
    </div>
  );
}
