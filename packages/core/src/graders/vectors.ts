/** Vector similarity: cosine of embeddings, and a lexical TF-IDF cosine used when no embeddings exist. */
import { GraderInputError } from "./errors";
import { wordTokens } from "./normalize";

/** Cosine of two equal-length vectors; 0 when either is all zeros. Throws on length mismatch or non-finite values. */
export function cosineSimilarity(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length)
    throw new GraderInputError("b", `must have the same length as a (${a.length}), got ${b.length}`);
  if (a.length === 0) throw new GraderInputError("a", "must not be empty");
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    if (!Number.isFinite(x) || !Number.isFinite(y))
      throw new GraderInputError(Number.isFinite(x) ? "b" : "a", `element ${i} is not finite`);
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  if (na === 0 || nb === 0) return 0;
  return Math.max(-1, Math.min(1, dot / (Math.sqrt(na) * Math.sqrt(nb))));
}

/**
 * TF-IDF cosine of `a` and `b`. IDF is fitted on [a, b, ...corpus] with scikit-learn's smoothed
 * formula idf(t) = ln((1 + N) / (1 + df(t))) + 1, term frequency is the raw count, no stop words.
 * A larger `corpus` (e.g. the dataset's expected outputs) makes common words count less.
 * Two texts without any word tokens are identical (1); one empty side gives 0.
 */
export function tfidfCosine(a: string, b: string, corpus: readonly string[] = []): number {
  const ta = wordTokens(a);
  const tb = wordTokens(b);
  if (ta.length === 0 || tb.length === 0) return ta.length === tb.length ? 1 : 0;
  const docs = [ta, tb, ...corpus.map(wordTokens)];
  const df = new Map<string, number>();
  for (const d of docs) for (const t of new Set(d)) df.set(t, (df.get(t) ?? 0) + 1);
  const N = docs.length;
  const vec = (tokens: string[]): Map<string, number> => {
    const tf = new Map<string, number>();
    for (const t of tokens) tf.set(t, (tf.get(t) ?? 0) + 1);
    for (const [t, c] of tf) tf.set(t, c * (Math.log((1 + N) / (1 + (df.get(t) ?? 0))) + 1));
    return tf;
  };
  const va = vec(ta);
  const vb = vec(tb);
  let dot = 0;
  for (const [t, w] of va) dot += w * (vb.get(t) ?? 0);
  const norm = (v: Map<string, number>): number => Math.sqrt([...v.values()].reduce((s, w) => s + w * w, 0));
  return Math.min(1, dot / (norm(va) * norm(vb)));
}
