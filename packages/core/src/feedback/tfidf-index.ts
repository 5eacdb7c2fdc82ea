import { wordTokens } from "../graders/normalize";

/**
 * TF-IDF vectors of many texts fitted once (the same smoothed IDF as `tfidfCosine`:
 * ln((1 + N) / (1 + df)) + 1, raw term counts), L2-normalised, so the cosine of any pair is a
 * sparse dot product: comparing n candidates costs O(n²·words), not O(n³·words).
 */
export function tfidfIndex(texts: readonly string[]): { cosine: (a: number, b: number) => number } {
  const docs = texts.map(wordTokens);
  const df = new Map<string, number>();
  for (const d of docs) for (const t of new Set(d)) df.set(t, (df.get(t) ?? 0) + 1);
  const N = docs.length;
  const vectors = docs.map((tokens) => {
    const v = new Map<string, number>();
    for (const t of tokens) v.set(t, (v.get(t) ?? 0) + 1);
    let norm = 0;
    for (const [t, c] of v) {
      const w = c * (Math.log((1 + N) / (1 + df.get(t)!)) + 1);
      v.set(t, w);
      norm += w * w;
    }
    norm = Math.sqrt(norm);
    for (const [t, w] of v) v.set(t, w / norm);
    return v;
  });
  return {
    cosine(a, b) {
      const va = vectors[a]!;
      const vb = vectors[b]!;
      if (va.size === 0 || vb.size === 0) return va.size === vb.size ? 1 : 0;
      const [small, large] = va.size <= vb.size ? [va, vb] : [vb, va];
      let dot = 0;
      for (const [t, w] of small) dot += w * (large.get(t) ?? 0);
      return Math.min(1, dot);
    },
  };
}
