"use client";
import { Badge } from "~/components/ui/badge";
import { Card } from "~/components/ui/card";
import { Table, TD, TH, THead, TR } from "~/components/ui/table";
import { RelativeTime } from "~/components/common/relative-time";
import { fmtCI, fmtPct, fmtStat, type TCalibrationRunSummary } from "~/lib/calibration";
import { cn } from "~/lib/cn";

/** Every run of a set, newest first: which judge version, κ with its interval, the verdict. */
export function RunHistory({
  runs,
  selected,
  onSelect,
}: {
  runs: TCalibrationRunSummary[];
  selected: string | null;
  onSelect: (id: string) => void;
}) {
  if (runs.length === 0)
    return (
      <div className="rounded-xl border border-dashed border-slate-300 px-6 py-12 text-center text-sm text-slate-500">
        No runs yet.
      </div>
    );
  return (
    <Card className="overflow-hidden">
      <Table label="Calibration runs">
        <THead>
          <tr>
            <TH>Started</TH>
            <TH>Judge</TH>
            <TH className="text-right">Items</TH>
            <TH className="text-right">κ</TH>
            <TH className="text-right">Exact</TH>
            <TH>Verdict</TH>
          </tr>
        </THead>
        <tbody>
          {runs.map((r) => (
            <TR
              key={r.id}
              className={cn("cursor-pointer hover:bg-slate-50/80", r.id === selected && "bg-indigo-50/60")}
              onClick={() => onSelect(r.id)}
            >
              <TD className="text-xs whitespace-nowrap">
                <button type="button" className="text-indigo-700 hover:underline" onClick={() => onSelect(r.id)}>
                  <RelativeTime value={r.startedAt} />
                </button>
              </TD>
              <TD className="font-mono text-xs">
                v{r.graderVersion.version} · {r.graderVersion.judgeModel ?? "—"}
              </TD>
              <TD className="text-right tabular-nums">
                {r.itemCount}
                {r.failedCount > 0 && <span className="text-xs text-red-600"> ({r.failedCount} failed)</span>}
              </TD>
              <TD className="text-right font-mono tabular-nums">
                {fmtStat(r.kappa)}
                <span className="block text-[11px] text-slate-400">{r.results ? fmtCI(r.results.kappaCI) : ""}</span>
              </TD>
              <TD className="text-right tabular-nums">{fmtPct(r.results?.exactAgreement)}</TD>
              <TD>
                {r.status === "failed" ? (
                  <Badge tone="red">Failed</Badge>
                ) : r.status === "running" ? (
                  <Badge tone="indigo">Running</Badge>
                ) : r.stale ? (
                  <Badge tone="amber">Stale</Badge>
                ) : r.calibrated ? (
                  <Badge tone="green">Calibrated</Badge>
                ) : (
                  <Badge tone="red">Uncalibrated</Badge>
                )}
              </TD>
            </TR>
          ))}
        </tbody>
      </Table>
    </Card>
  );
}
