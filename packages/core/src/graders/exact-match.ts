import { normalizeAnswer, normalizeBasic } from "./normalize";
import { missingExpected, passFail, type TGradeInput, type TGradeResult } from "./types";

/**
 * - "basic" (default): NFC, trimmed, whitespace collapsed, case-insensitive unless `caseSensitive`.
 * - "squad": SQuAD normalisation (also strips punctuation and a/an/the; always case-insensitive).
 *   Not the default: it maps multiple-choice answers "A" and "An" to the same empty string.
 * - "none": byte-for-byte equality.
 */
export type TExactMatchNormalize = "basic" | "squad" | "none";

export interface TExactMatchConfig {
  /** Compare against this value instead of the item's expected output. */
  value?: string;
  caseSensitive?: boolean;
  normalize?: TExactMatchNormalize;
}

export function exactMatch(config: TExactMatchConfig, input: TGradeInput): TGradeResult {
  const target = config.value ?? input.expected;
  if (target == null) return missingExpected("exact_match");
  const mode = config.normalize ?? "basic";
  const norm = (s: string): string =>
    mode === "none" ? s : mode === "squad" ? normalizeAnswer(s) : normalizeBasic(s, config.caseSensitive ?? false);
  const a = norm(input.output);
  const b = norm(target);
  const pass = a === b;
  return passFail(pass, pass ? "output matches the expected value" : "output differs from the expected value", {
    normalize: mode,
    normalizedOutput: a,
    normalizedExpected: b,
  });
}
