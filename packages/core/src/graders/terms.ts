import { phraseRegExp } from "./normalize";
import { type TGradeInput, type TGradeResult } from "./types";

export interface TTermsConfig {
  /** Default false. */
  caseSensitive?: boolean;
  /** Match only at word boundaries (Unicode-aware). */
  wholeWord?: boolean;
}

function occurrences(phrase: string, output: string, opts: Required<TTermsConfig>): number {
  return output.normalize("NFC").match(phraseRegExp(phrase, opts))?.length ?? 0;
}

/**
 * Fails when any term occurs (e.g. competitor names, internal jargon). Word-boundary and
 * case-insensitive by default, so "Acme" does not flag "Acmeister"; whitespace in a term matches any whitespace.
 */
export function forbiddenTerms(config: TTermsConfig & { terms: string[] }, input: TGradeInput): TGradeResult {
  const opts = { caseSensitive: config.caseSensitive ?? false, wholeWord: config.wholeWord ?? true };
  const found: { term: string; count: number }[] = [];
  for (const term of config.terms) {
    const count = occurrences(term, input.output, opts);
    if (count > 0) found.push({ term, count });
  }
  const pass = found.length === 0;
  return {
    pass,
    score: pass ? 1 : 0,
    reason: pass
      ? "no forbidden terms"
      : `forbidden terms found: ${found.map((f) => JSON.stringify(f.term)).join(", ")}`,
    details: { found },
  };
}

/** Every phrase must occur (word-boundary, case-insensitive by default); score = fraction present. */
export function requiredPhrases(config: TTermsConfig & { phrases: string[] }, input: TGradeInput): TGradeResult {
  const opts = { caseSensitive: config.caseSensitive ?? false, wholeWord: config.wholeWord ?? true };
  const present: string[] = [];
  const missing: string[] = [];
  for (const p of config.phrases) (occurrences(p, input.output, opts) > 0 ? present : missing).push(p);
  const pass = missing.length === 0;
  return {
    pass,
    score: config.phrases.length === 0 ? 1 : present.length / config.phrases.length,
    reason: pass
      ? `all ${present.length} required phrases present`
      : `missing required phrases: ${missing.map((m) => JSON.stringify(m)).join(", ")}`,
    details: { present, missing },
  };
}
