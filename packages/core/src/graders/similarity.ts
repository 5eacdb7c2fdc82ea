import { levenshtein } from "./levenshtein";
import { normalizeBasic, wordTokens } from "./normalize";
import { rouge1, rouge2, rougeL } from "./rouge";
import { missingExpected, type TGradeInput, type TGradeResult } from "./types";
import { cosineSimilarity, tfidfCosine } from "./vectors";

export type TSimilarityMetric = "levenshtein" | "rouge_l" | "rouge_1" | "rouge_2";

/** Dynamic-programming metrics are O(n·m); beyond this many cells the grade fails instead of stalling a worker. */
export const MAX_DP_CELLS = 50_000_000;

/**
 * Lexical similarity to the expected output. Levenshtein compares the texts after NFC, trimming,
 * whitespace collapsing and lower-casing; ROUGE reports F1 (precision and recall in details).
 */
export function similarity(config: { metric: TSimilarityMetric; threshold: number }, input: TGradeInput): TGradeResult {
  if (input.expected == null) return missingExpected("similarity");
  const { metric, threshold } = config;
  let score: number;
  let details: Record<string, unknown>;
  if (metric === "levenshtein") {
    const a = normalizeBasic(input.output);
    const b = normalizeBasic(input.expected);
    const la = Array.from(a).length;
    const lb = Array.from(b).length;
    if (la * lb > MAX_DP_CELLS) return tooLarge(metric, la, lb);
    const distance = levenshtein(a, b);
    score = Math.max(la, lb) === 0 ? 1 : 1 - distance / Math.max(la, lb);
    details = { metric, distance };
  } else {
    if (metric === "rouge_l") {
      const n = wordTokens(input.output).length * wordTokens(input.expected).length;
      if (n > MAX_DP_CELLS) return tooLarge(metric, wordTokens(input.output).length, wordTokens(input.expected).length);
    }
    const f = metric === "rouge_l" ? rougeL : metric === "rouge_1" ? rouge1 : rouge2;
    const r = f(input.output, input.expected);
    score = r.f1;
    details = { metric, precision: r.precision, recall: r.recall, f1: r.f1 };
  }
  const pass = score >= threshold;
  return {
    pass,
    score,
    reason: `${metric} similarity ${score.toFixed(3)} ${pass ? "≥" : "<"} threshold ${threshold}`,
    details: { ...details, threshold },
  };
}

function tooLarge(metric: string, a: number, b: number): TGradeResult {
  return {
    pass: false,
    score: 0,
    reason: `texts too large for ${metric} (${a} × ${b} > ${MAX_DP_CELLS} cells)`,
    details: { metric, error: "input_too_large" },
  };
}

export const LEXICAL_FALLBACK_METHOD = "lexical-tfidf-fallback";

export interface TSemanticSimilarityConfig {
  /** Pass when cosine ≥ threshold. */
  threshold: number;
  /** Threshold used with the TF-IDF fallback (lexical cosines run lower than embedding cosines); defaults to `threshold`. */
  fallbackThreshold?: number;
}

/**
 * Cosine of the output's and expected output's embeddings (computed by the caller with the
 * project's embedding provider). Without embeddings it falls back to TF-IDF cosine and says so in
 * both `details.method` and `reason`, so a lexical score is never mistaken for a semantic one.
 */
export function semanticSimilarity(
  config: TSemanticSimilarityConfig,
  input: TGradeInput,
  embeddings?: { output: readonly number[]; expected: readonly number[] } | null,
  opts: { corpus?: readonly string[] } = {},
): TGradeResult {
  if (input.expected == null) return missingExpected("semantic_similarity");
  if (embeddings) {
    const score = cosineSimilarity(embeddings.output, embeddings.expected);
    const pass = score >= config.threshold;
    return {
      pass,
      score: Math.max(0, score),
      reason: `embedding cosine ${score.toFixed(3)} ${pass ? "≥" : "<"} threshold ${config.threshold}`,
      details: { method: "embedding-cosine", cosine: score, threshold: config.threshold },
    };
  }
  const threshold = config.fallbackThreshold ?? config.threshold;
  const score = tfidfCosine(input.output, input.expected, opts.corpus);
  const pass = score >= threshold;
  return {
    pass,
    score,
    reason: `no embedding provider configured: lexical TF-IDF fallback, not semantic similarity; cosine ${score.toFixed(3)} ${pass ? "≥" : "<"} threshold ${threshold}`,
    details: { method: LEXICAL_FALLBACK_METHOD, cosine: score, threshold },
  };
}
