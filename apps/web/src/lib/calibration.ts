import type { TBadgeTone } from "~/components/ui/badge";
import type { RouterOutputs } from "./types";

export type TCalibrationStatus = RouterOutputs["graders"]["list"][number]["calibration"];
export type TCalibrationSetSummary = RouterOutputs["calibration"]["listSets"][number];
export type TCalibrationSet = RouterOutputs["calibration"]["getSet"];
export type TCalibrationItems = RouterOutputs["calibration"]["items"];
export type TCalibrationItem = TCalibrationItems["items"][number];
export type TCalibrationRun = RouterOutputs["calibration"]["getRun"];
export type TCalibrationRunSummary = TCalibrationSet["runs"][number];
export type TAgreement = NonNullable<TCalibrationRunSummary["results"]>;

export const STATUS_LABEL: Record<TCalibrationStatus["status"], string> = {
  calibrated: "Calibrated",
  uncalibrated: "Uncalibrated",
  stale: "Re-run calibration",
  not_run: "Not calibrated yet",
  not_applicable: "Deterministic",
};

export const STATUS_TONE: Record<TCalibrationStatus["status"], TBadgeTone> = {
  calibrated: "green",
  uncalibrated: "red",
  stale: "amber",
  not_run: "neutral",
  not_applicable: "neutral",
};

export function fmtStat(v: number | null | undefined, digits = 2): string {
  return v === null || v === undefined ? "—" : v.toFixed(digits);
}

export function fmtPct(v: number | null | undefined): string {
  return v === null || v === undefined ? "—" : `${Math.round(v * 100)}%`;
}

export function fmtCI(ci: readonly [number, number] | null | undefined, pct = false): string {
  if (!ci) return "no interval";
  const f = pct ? fmtPct : (x: number) => fmtStat(x);
  return `95% CI ${f(ci[0])} to ${f(ci[1])}`;
}

/** A sentence for a status badge's tooltip. */
export function statusExplanation(c: TCalibrationStatus): string {
  switch (c.status) {
    case "calibrated":
      return `κ ${fmtStat(c.kappa)} ≥ ${fmtStat(c.kappaThreshold)} against human labels (${c.setName}, v${c.graderVersion})`;
    case "uncalibrated":
      return `κ ${fmtStat(c.kappa)} is below ${fmtStat(c.kappaThreshold)}: its scores disagree with human labels (${c.setName})`;
    case "stale":
      return `Last calibrated on v${c.graderVersion}; the judge changed since. Re-run on ${c.setName}`;
    case "not_run":
      return "No calibration run yet: label a sample and run the judge on it";
    case "not_applicable":
      return "Deterministic graders need no calibration against human labels";
  }
}
