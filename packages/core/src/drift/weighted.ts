import { mergeHistogram, type TScoreHistogram } from "./quality";

// Design-weighted score histograms for online-judged scores. A rule judges a Poisson sample with
// known inclusion probabilities π (1 for always-sample hits: errors, negative feedback), so the
// plain histogram of judged scores over-counts what is always sampled. Each judged trace carries
// w = 1/π: n, sum, sumSq and the bucket counts hold Σw, Σw·y, Σw·y² and Σw per bucket, and sumW2
// holds Σw². Unweighted rows (roll-ups) are the case w = 1: sumW2 = judged = n.

export type TWeightedScoreHistogram = TScoreHistogram & { sumW2: number; judged: number };

export type TWeightedHistogramRow = {
  n: number;
  sum: number;
  sumSq: number;
  sumW2: number;
  judged: number;
  b: readonly number[];
  c: readonly number[];
};

export function emptyWeightedHistogram(): TWeightedScoreHistogram {
  return { n: 0, sum: 0, sumSq: 0, buckets: new Map(), sumW2: 0, judged: 0 };
}

export function mergeWeightedHistogram(into: TWeightedScoreHistogram, h: TWeightedHistogramRow) {
  mergeHistogram(into, h);
  into.sumW2 += h.sumW2;
  into.judged += h.judged;
  return into;
}

/**
 * Kish scaling: every weight times n_eff/Σw, with n_eff = (Σw)²/Σw² (Kish 1965), so the counts add
 * up to n_eff and sum/n is the Hájek mean Σw·y/Σw. Intervals computed from (n, sum, sumSq) and
 * the bad share's Wilson interval then use the effective sample size, not the number judged. With
 * w = 1 it changes nothing.
 */
export function kishScaled(h: TWeightedScoreHistogram): TScoreHistogram & { judged: number; nEff: number } {
  if (!h.n || !h.sumW2) return { n: 0, sum: 0, sumSq: 0, buckets: new Map(), judged: h.judged, nEff: 0 };
  // (Σw)² ≥ Σw², so n_eff ≥ 1; the max only absorbs rounding.
  const nEff = Math.max(1, (h.n * h.n) / h.sumW2);
  const f = nEff / h.n;
  const buckets = new Map<number, number>();
  for (const [b, c] of h.buckets) buckets.set(b, c * f);
  return { n: nEff, sum: h.sum * f, sumSq: h.sumSq * f, buckets, judged: h.judged, nEff };
}
