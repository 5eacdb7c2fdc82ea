import { msprt } from "../stats/sequential";
import type { TSeverity, TTestResult } from "./distributions";

// Judge drift: the judge re-scores a fixed, human-labelled anchor set on a schedule. Each run's
// per-item absolute error |judge − human| is paired with the baseline run's on the same items;
// the mean paired difference is tested with an mSPRT (always-valid p, so looking after every
// report does not inflate false alarms). A significant move means the judge changed, not the
// product: its verdicts on the same items with the same human labels are different.

export type TAnchorJudgment = { itemKey: string; human: number; judge: number | null };
export type TAnchorRun = { runId: string; at: string; graderVersion: number; judgments: TAnchorJudgment[] };

export type TJudgeDriftResult = {
  severity: TSeverity;
  changed: boolean;
  tests: TTestResult[];
  /** Per run after the baseline: mean |judge − human| difference vs the baseline and always-valid p. */
  looks: Array<{
    runId: string;
    at: string;
    graderVersion: number;
    n: number;
    meanDiff: number;
    p: number;
    exact: number;
  }>;
  baselineExact: number | null;
};

/** mSPRT mixing sd τ as a share of the scale's range, and the level. */
export const JUDGE_DRIFT = { tauShare: 0.25, alpha: 0.05, seFloorShare: 0.02 } as const;

const absErr = (j: TAnchorJudgment) => Math.abs((j.judge as number) - j.human);

export function assessJudgeDrift(
  baseline: TAnchorRun,
  later: readonly TAnchorRun[],
  scale: { min: number; max: number },
): TJudgeDriftResult {
  const range = Math.max(scale.max - scale.min, 1e-9);
  const base = new Map(baseline.judgments.filter((j) => j.judge !== null).map((j) => [j.itemKey, j]));
  const exactShare = (js: readonly TAnchorJudgment[]) => {
    const ok = js.filter((j) => j.judge !== null);
    return ok.length ? ok.filter((j) => j.judge === j.human).length / ok.length : 0;
  };
  const looks: TJudgeDriftResult["looks"] = [];
  const msprtLooks: Array<{ estimate: number; stdError: number }> = [];
  for (const run of later) {
    const diffs: number[] = [];
    for (const j of run.judgments) {
      const b = base.get(j.itemKey);
      if (j.judge === null || !b || b.human !== j.human) continue;
      diffs.push(absErr(j) - absErr(b));
    }
    if (diffs.length < 2) continue;
    const n = diffs.length;
    const m = diffs.reduce((a, b) => a + b, 0) / n;
    const sd = Math.sqrt(diffs.reduce((a, b) => a + (b - m) ** 2, 0) / (n - 1));
    const se = Math.max(sd / Math.sqrt(n), JUDGE_DRIFT.seFloorShare * range);
    msprtLooks.push({ estimate: m, stdError: se });
    const r = msprt(msprtLooks, { tau: JUDGE_DRIFT.tauShare * range, alpha: JUDGE_DRIFT.alpha });
    looks.push({
      runId: run.runId,
      at: run.at,
      graderVersion: run.graderVersion,
      n,
      meanDiff: m,
      p: r.p[r.p.length - 1]!,
      exact: exactShare(run.judgments),
    });
  }
  const last = looks[looks.length - 1];
  const changed = !!last && last.p <= JUDGE_DRIFT.alpha;
  const baselineExact = baseline.judgments.length ? exactShare(baseline.judgments) : null;
  const tests: TTestResult[] = last
    ? [
        {
          name: "mSPRT on paired |judge − human| vs the baseline run",
          value: last.p,
          thresholds: [JUDGE_DRIFT.alpha, JUDGE_DRIFT.alpha],
          severity: changed ? "alert" : "ok",
          note: `mean change in absolute error ${last.meanDiff >= 0 ? "+" : ""}${last.meanDiff.toFixed(3)} over ${last.n} items (always-valid p ${last.p.toExponential(2)}, τ = ${(JUDGE_DRIFT.tauShare * range).toFixed(2)})`,
        },
        {
          name: "Exact agreement with humans",
          value: last.exact,
          severity: "ok",
          note: `baseline ${baselineExact === null ? "–" : (baselineExact * 100).toFixed(0) + "%"}, now ${(last.exact * 100).toFixed(0)}%`,
        },
      ]
    : [{ name: "anchor runs", value: 0, severity: "ok", note: "only the baseline run so far: nothing to compare" }];
  return { severity: changed ? "alert" : "ok", changed, tests, looks, baselineExact };
}
