"use client";
import { Badge } from "~/components/ui/badge";
import { Tooltip } from "~/components/ui/tooltip";
import { fmtStat, STATUS_LABEL, STATUS_TONE, statusExplanation, type TCalibrationStatus } from "~/lib/calibration";

export type { TCalibrationStatus };

/** The grader's calibration status, shown wherever its scores are used. */
export function CalibrationBadge({ calibration }: { calibration: TCalibrationStatus }) {
  const { status, kappa } = calibration;
  if (status === "not_applicable") return <span className="text-xs text-slate-400">n/a</span>;
  return (
    <Tooltip content={statusExplanation(calibration)}>
      {(describedBy) => (
        <span aria-describedby={describedBy} data-testid="calibration-status" data-status={status}>
          <Badge tone={STATUS_TONE[status]}>
            {STATUS_LABEL[status]}
            {kappa !== null && status !== "not_run" && (
              <span className="font-mono tabular-nums opacity-80">κ {fmtStat(kappa)}</span>
            )}
          </Badge>
        </span>
      )}
    </Tooltip>
  );
}
