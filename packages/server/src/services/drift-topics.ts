// Topics of a drift report's sampled inputs: clusters of embeddings when the project has an
// embedding provider (README "Drift reports and alerts"), else TF-IDF terms; a provider that fails
// does not fail the report, the finding says TF-IDF was used and why.
import { compareEmbeddingTopics, compareTopics, type TTopicComparison } from "@yardstick/core/drift";
import { embed, hasEmbeddingProvider, isLlmError } from "@yardstick/llm";
import { projectProviderSettings } from "./providers";

/** Documents embedded per window, characters of each, texts per embeddings request. */
export const TOPIC_EMBEDDING_LIMITS = { docsPerWindow: 300, chars: 2000, batch: 96 } as const;

export type TDriftTopics = TTopicComparison & {
  method: "embeddings" | "tf-idf";
  /** The embedding model, when embeddings were used. */
  model: string | null;
  /** Which method was used and why, for the finding. */
  note: string;
};

/** Evenly spaced indices of a list of `n` (the sample is in time order: spread over the whole window). */
function spread(n: number, max: number): number[] {
  const m = Math.min(n, max);
  return Array.from({ length: m }, (_, i) => Math.floor((i * n) / m));
}

function tfidf(refDocs: readonly string[], curDocs: readonly string[], note: string): TDriftTopics {
  return { ...compareTopics(refDocs, curDocs), method: "tf-idf", model: null, note };
}

/** compareTopics' result for the two windows' sampled inputs, from embeddings when the project can. */
export async function compareDriftTopics(
  projectId: string,
  refDocs: readonly string[],
  curDocs: readonly string[],
): Promise<TDriftTopics> {
  const settings = await projectProviderSettings(projectId);
  if (!hasEmbeddingProvider(settings))
    return tfidf(refDocs, curDocs, "TF-IDF terms (no embedding provider configured)");
  const { docsPerWindow, chars, batch } = TOPIC_EMBEDDING_LIMITS;
  const refIdx = spread(refDocs.length, docsPerWindow);
  const curIdx = spread(curDocs.length, docsPerWindow);
  const ref = refIdx.map((i) => refDocs[i]!);
  const cur = curIdx.map((i) => curDocs[i]!);
  // An empty string is not a valid embeddings input for some providers.
  const texts = [...ref, ...cur].map((t) => t.slice(0, chars) || "(empty input)");
  const vectors: number[][] = [];
  let model = "";
  try {
    for (let i = 0; i < texts.length; i += batch) {
      const r = await embed(texts.slice(i, i + batch), {}, { ...settings, maxRetries: 2, timeoutMs: 30_000 });
      vectors.push(...r.vectors);
      model = r.model;
    }
  } catch (e) {
    if (!isLlmError(e)) throw e;
    return tfidf(refDocs, curDocs, `embedding provider failed: ${e.message}; TF-IDF terms used`);
  }
  const c = compareEmbeddingTopics(ref, cur, vectors.slice(0, ref.length), vectors.slice(ref.length));
  return {
    ...c,
    // Examples index the embedded subset; the caller indexes its full sample.
    topics: c.topics.map((t) => ({ ...t, examples: t.examples.map((i) => curIdx[i]!) })),
    method: "embeddings",
    model,
    note: `clusters from embeddings (${model}, k = ${c.clusters}) of ${ref.length} reference and ${cur.length} window traces`,
  };
}
