// Pairwise annotation queues: pair traces of prompt versions A and B that saw the same input,
// show the two outputs blind in an order fixed per (item, reviewer), map the choice back to A/B.
import { candidateInputText, normaliseCandidateText } from "../feedback/candidate-text";
import { wilsonInterval, type TInterval } from "../stats/intervals";
import { sampleDraw } from "./sampling";

export type TPreference = "A" | "B" | "tie" | "both_bad";
export type TPairwiseScreenChoice = "left" | "right" | "tie" | "both_bad";

/** The label config a pairwise queue stores: a category per preference, "both bad" fails. */
export const PREFERENCE_SCORE_CONFIG = {
  name: "preference",
  type: "categorical" as const,
  options: ["A", "B", "tie", "both_bad"],
  failing: ["both_bad"],
};

/** The key traces are paired on: the normalised input text (as the candidate queue dedupes). */
export function pairInputKey(input: unknown): string {
  return normaliseCandidateText(candidateInputText(input));
}

export type TPairSide = { id: string; timestamp: Date; input: unknown };

/**
 * Pairs A and B traces with the same input key: within a key the i-th A (oldest first) with the
 * i-th B; the rest wait for a partner. Pairs come ordered by a stable draw on the key, so a cap
 * takes an unbiased, repeatable share of inputs.
 */
export function pairTraces(
  a: readonly TPairSide[],
  b: readonly TPairSide[],
  seed: string,
): Array<{ traceIdA: string; traceIdB: string; inputKey: string }> {
  const group = (rows: readonly TPairSide[]) => {
    const m = new Map<string, TPairSide[]>();
    for (const r of rows) {
      const k = pairInputKey(r.input);
      if (!k) continue;
      const list = m.get(k) ?? [];
      list.push(r);
      m.set(k, list);
    }
    for (const list of m.values())
      list.sort((x, y) => x.timestamp.getTime() - y.timestamp.getTime() || (x.id < y.id ? -1 : 1));
    return m;
  };
  const ga = group(a);
  const gb = group(b);
  const out: Array<{ traceIdA: string; traceIdB: string; inputKey: string; d: number }> = [];
  for (const [k, as] of ga) {
    const bs = gb.get(k);
    if (!bs) continue;
    for (let i = 0; i < Math.min(as.length, bs.length); i++)
      out.push({ traceIdA: as[i]!.id, traceIdB: bs[i]!.id, inputKey: k, d: sampleDraw(seed, `${k}#${i}`) });
  }
  out.sort((x, y) => x.d - y.d || (x.traceIdA < y.traceIdA ? -1 : 1));
  return out.map(({ d: _d, ...p }) => p);
}

/** Whether A is shown on the left for this reviewer: stable per (item, reviewer), half the time. */
export function leftIsA(itemId: string, userId: string): boolean {
  return sampleDraw(`pairwise-order:${itemId}`, userId) < 0.5;
}

/** The reviewer's on-screen choice in terms of A and B. */
export function preferenceFromScreen(choice: TPairwiseScreenChoice, aOnLeft: boolean): TPreference {
  if (choice === "left") return aOnLeft ? "A" : "B";
  if (choice === "right") return aOnLeft ? "B" : "A";
  return choice;
}

export type TPreferenceSummary = {
  n: number;
  winsA: number;
  winsB: number;
  ties: number;
  bothBad: number;
  /** B's wins among decisive labels (A or B), with a 95% Wilson interval; null with none. */
  winRateB: TInterval | null;
  /** (winsB + ties / 2) / (decisive + ties), as the pairwise judge reports it; null with none. */
  winRateBWithTies: number | null;
};

export function preferenceSummary(prefs: readonly TPreference[]): TPreferenceSummary {
  const winsA = prefs.filter((p) => p === "A").length;
  const winsB = prefs.filter((p) => p === "B").length;
  const ties = prefs.filter((p) => p === "tie").length;
  const bothBad = prefs.filter((p) => p === "both_bad").length;
  const rated = winsA + winsB + ties;
  return {
    n: prefs.length,
    winsA,
    winsB,
    ties,
    bothBad,
    winRateB: wilsonInterval(winsB, winsA + winsB),
    winRateBWithTies: rated ? (winsB + ties / 2) / rated : null,
  };
}
