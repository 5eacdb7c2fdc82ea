import { squadTokens } from "./normalize";
import { missingExpected, type TGradeInput, type TGradeResult } from "./types";

export interface TTokenF1 {
  f1: number;
  precision: number;
  recall: number;
}

/**
 * SQuAD token-level F1 (the official v2 evaluation script): bag-of-tokens overlap after
 * `normalizeAnswer`. If either side normalises to no tokens, all three are 1 when both do, else 0.
 */
export function tokenF1(prediction: string, reference: string): TTokenF1 {
  const pred = squadTokens(prediction);
  const gold = squadTokens(reference);
  if (pred.length === 0 || gold.length === 0) {
    const v = pred.length === gold.length ? 1 : 0;
    return { f1: v, precision: v, recall: v };
  }
  const counts = new Map<string, number>();
  for (const t of gold) counts.set(t, (counts.get(t) ?? 0) + 1);
  let same = 0;
  for (const t of pred) {
    const c = counts.get(t) ?? 0;
    if (c > 0) {
      same++;
      counts.set(t, c - 1);
    }
  }
  if (same === 0) return { f1: 0, precision: 0, recall: 0 };
  const precision = same / pred.length;
  const recall = same / gold.length;
  return { f1: (2 * precision * recall) / (precision + recall), precision, recall };
}

export function tokenF1Grader(config: { threshold: number }, input: TGradeInput): TGradeResult {
  if (input.expected == null) return missingExpected("token_f1");
  const m = tokenF1(input.output, input.expected);
  const pass = m.f1 >= config.threshold;
  return {
    pass,
    score: m.f1,
    reason: `token F1 ${m.f1.toFixed(3)} ${pass ? "≥" : "<"} threshold ${config.threshold}`,
    details: { ...m, threshold: config.threshold },
  };
}
