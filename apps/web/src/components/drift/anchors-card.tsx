"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "~/components/ui/button";
import { Card, CardBody, CardHeader } from "~/components/ui/card";
import { Select } from "~/components/ui/select";
import { useToast } from "~/components/ui/toast";
import { friendlyMessage } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";

/** Calibration sets marked as judge anchors: each report re-scores them to tell a changed judge from a changed product. */
export function AnchorsCard({ projectId, canEdit }: { projectId: string; canEdit: boolean }) {
  const trpc = useTRPC();
  const toast = useToast();
  const qc = useQueryClient();
  const anchors = useQuery(trpc.drift.anchors.queryOptions({ projectId }));
  const sets = useQuery(trpc.calibration.listSets.queryOptions({ projectId }));
  const [pick, setPick] = useState("");
  const set = useMutation(
    trpc.drift.setAnchor.mutationOptions({
      onSuccess: async () => {
        await qc.invalidateQueries({ queryKey: trpc.drift.anchors.queryKey({ projectId }) });
        setPick("");
      },
      onError: (e) => toast.error(friendlyMessage(e)),
    }),
  );
  const anchored = new Set((anchors.data ?? []).map((a) => a.setId));
  const candidates = ((sets.data ?? []) as Array<{ id: string; name: string }>).filter((s) => !anchored.has(s.id));
  return (
    <Card aria-labelledby="anchors-heading">
      <CardHeader
        id="anchors-heading"
        title="Judge anchors"
        description="Human-labelled calibration sets the judge re-scores on every report. If its agreement moves, the report says the judge changed, not the product."
      />
      <CardBody className="space-y-3">
        {(anchors.data ?? []).length === 0 && <p className="text-sm text-slate-500">No anchor set yet.</p>}
        <ul className="space-y-2">
          {(anchors.data ?? []).map((a) => (
            <li key={a.setId} className="flex items-center justify-between gap-2 text-sm">
              <span>
                <span className="font-medium text-slate-900">{a.setName}</span>{" "}
                <span className="text-slate-500">judge {a.graderName}</span>
                {!a.baselineRunId && <span className="ml-1 text-xs text-slate-400">(baseline on the next report)</span>}
              </span>
              {canEdit && (
                <Button
                  variant="ghost"
                  size="sm"
                  onClick={() => set.mutate({ projectId, setId: a.setId, anchor: false })}
                >
                  Remove
                </Button>
              )}
            </li>
          ))}
        </ul>
        {canEdit && candidates.length > 0 && (
          <div className="flex gap-2">
            <Select aria-label="Calibration set" value={pick} onChange={(e) => setPick(e.target.value)}>
              <option value="">Mark a calibration set as anchor…</option>
              {candidates.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </Select>
            <Button
              variant="secondary"
              disabled={!pick || set.isPending}
              onClick={() => set.mutate({ projectId, setId: pick, anchor: true })}
            >
              Add
            </Button>
          </div>
        )}
      </CardBody>
    </Card>
  );
}
