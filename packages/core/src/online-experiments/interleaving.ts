/**
 * Interleaving readout (Chapelle et al. 2012, "Large-scale validation and analysis of
 * interleaved search evaluation"): each request shows results of A and B merged; the winner
 * is the system whose results got the preference/click. Ties carry no information.
 *   win rate of B = winsB / (winsA + winsB), Wilson CI (stats.wilsonInterval)
 *   sign test: exact two-sided binomial test of winsB ~ Bin(decisive, 0.5),
 *              p = min(1, 2·P(X ≤ min(winsB, winsA)))  (scipy.stats.binomtest for p0 = 0.5)
 *   position bias: share of decisive comparisons won by the system shown first, same exact
 *              test vs 0.5 — a large bias means the interleaving order must stay balanced.
 */
import { binomialCdf } from "../stats/dist";
import { StatsInputError } from "../stats/errors";
import { wilsonInterval } from "../stats/intervals";
import { isObject } from "./summaries";
import type { InterleavingCounts, InterleavingResult, InterleavingRow } from "./types";

/** Exact two-sided binomial test against p0 = 0.5 (symmetric null). */
export function signTestP(k: number, n: number): number {
  if (n === 0) return 1;
  const m = Math.min(k, n - k);
  if (2 * m === n) return 1;
  return Math.min(1, 2 * binomialCdf(m, n, 0.5));
}

function countField(name: string, v: unknown): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < 0)
    throw new StatsInputError(name, `must be a non-negative integer, got ${String(v)}`);
  return v;
}

export interface AnalyzeInterleavingInput {
  /** Per-comparison rows … */
  rows?: readonly InterleavingRow[];
  /** … or the same information aggregated (exactly one of rows / counts). */
  counts?: InterleavingCounts;
  /** CI level (default 0.05). */
  alpha?: number;
}

export function analyzeInterleaving(input: AnalyzeInterleavingInput): InterleavingResult {
  if (!isObject(input)) throw new StatsInputError("input", "must be an object");
  const alpha = input.alpha ?? 0.05;
  if (typeof alpha !== "number" || !(alpha > 0 && alpha < 1))
    throw new StatsInputError("alpha", `must be in (0, 1), got ${String(alpha)}`);
  let c: InterleavingCounts;
  if (input.rows !== undefined && input.counts !== undefined)
    throw new StatsInputError("rows", "pass either rows or counts, not both");
  if (input.rows !== undefined) {
    if (!Array.isArray(input.rows)) throw new StatsInputError("rows", "must be an array");
    c = { aWinsAFirst: 0, aWinsBFirst: 0, bWinsAFirst: 0, bWinsBFirst: 0, ties: 0 };
    input.rows.forEach((r: unknown, i) => {
      if (!isObject(r)) throw new StatsInputError(`rows[${i}]`, "must be {winner, firstShown}");
      const { winner, firstShown } = r;
      if (winner !== "A" && winner !== "B" && winner !== "tie")
        throw new StatsInputError(`rows[${i}].winner`, `must be "A", "B" or "tie", got ${String(winner)}`);
      if (firstShown !== "A" && firstShown !== "B")
        throw new StatsInputError(`rows[${i}].firstShown`, `must be "A" or "B", got ${String(firstShown)}`);
      if (winner === "tie") c.ties++;
      else if (winner === "A") {
        if (firstShown === "A") c.aWinsAFirst++;
        else c.aWinsBFirst++;
      } else if (firstShown === "A") c.bWinsAFirst++;
      else c.bWinsBFirst++;
    });
  } else if (input.counts !== undefined) {
    const k: unknown = input.counts;
    if (!isObject(k)) throw new StatsInputError("counts", "must be an object");
    c = {
      aWinsAFirst: countField("counts.aWinsAFirst", k.aWinsAFirst),
      aWinsBFirst: countField("counts.aWinsBFirst", k.aWinsBFirst),
      bWinsAFirst: countField("counts.bWinsAFirst", k.bWinsAFirst),
      bWinsBFirst: countField("counts.bWinsBFirst", k.bWinsBFirst),
      ties: countField("counts.ties", k.ties),
    };
  } else {
    throw new StatsInputError("rows", "pass rows or counts");
  }
  const winsA = c.aWinsAFirst + c.aWinsBFirst;
  const winsB = c.bWinsAFirst + c.bWinsBFirst;
  const decisive = winsA + winsB;
  const firstShownWins = c.aWinsAFirst + c.bWinsBFirst;
  const w = decisive > 0 ? wilsonInterval(winsB, decisive, 1 - alpha) : null;
  return {
    total: decisive + c.ties,
    ties: c.ties,
    winsA,
    winsB,
    decisive,
    winRateB: decisive > 0 ? winsB / decisive : null,
    ci: w ? { lower: w.lower, upper: w.upper } : null,
    p: signTestP(winsB, decisive),
    positionBias: {
      firstShownWins,
      share: decisive > 0 ? firstShownWins / decisive : null,
      p: signTestP(firstShownWins, decisive),
    },
  };
}
