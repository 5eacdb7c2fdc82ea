/**
 * ROUGE as computed by Google's `rouge-score` package (no stemming): tokens from `wordTokens`,
 * F = 2PR / (P + R); if either side has no tokens (or, for ROUGE-N, no n-grams) all three are 0.
 */
import { wordTokens } from "./normalize";

export interface TRouge {
  precision: number;
  recall: number;
  f1: number;
}

function prf(overlap: number, predCount: number, refCount: number): TRouge {
  if (predCount === 0 || refCount === 0) return { precision: 0, recall: 0, f1: 0 };
  const precision = overlap / predCount;
  const recall = overlap / refCount;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1 };
}

/** Length of the longest common subsequence of two token lists (O(n·m) time, O(m) memory). */
export function lcsLength(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  let prev = new Array<number>(b.length + 1).fill(0);
  let cur = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    const ai = a[i - 1];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = ai === b[j - 1] ? (prev[j - 1] as number) + 1 : Math.max(prev[j] as number, cur[j - 1] as number);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[b.length] as number;
}

/** ROUGE-L (sentence level): LCS of the token sequences. */
export function rougeL(prediction: string, reference: string): TRouge {
  const p = wordTokens(prediction);
  const r = wordTokens(reference);
  return prf(lcsLength(p, r), p.length, r.length);
}

function ngrams(tokens: readonly string[], n: number): Map<string, number> {
  const m = new Map<string, number>();
  for (let i = 0; i + n <= tokens.length; i++) {
    const key = tokens.slice(i, i + n).join("\u0000");
    m.set(key, (m.get(key) ?? 0) + 1);
  }
  return m;
}

/** ROUGE-N: clipped n-gram overlap. */
export function rougeN(prediction: string, reference: string, n: number): TRouge {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`n must be a positive integer, got ${n}`);
  const p = ngrams(wordTokens(prediction), n);
  const r = ngrams(wordTokens(reference), n);
  let overlap = 0;
  for (const [k, c] of p) overlap += Math.min(c, r.get(k) ?? 0);
  const total = (m: Map<string, number>): number => [...m.values()].reduce((s, v) => s + v, 0);
  return prf(overlap, total(p), total(r));
}

export const rouge1 = (prediction: string, reference: string): TRouge => rougeN(prediction, reference, 1);
export const rouge2 = (prediction: string, reference: string): TRouge => rougeN(prediction, reference, 2);
