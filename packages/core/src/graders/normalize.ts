/**
 * Text normalisation shared by the graders.
 * SQuAD's `normalize_answer` (lower-case, strip punctuation, drop a/an/the, collapse whitespace),
 * extended to Unicode: every Unicode punctuation mark (\p{P}) and ASCII's symbol characters
 * (Python's string.punctuation) are stripped, and word boundaries are Unicode-aware as in Python 3's re.
 */

// \p{P} covers string.punctuation's punctuation; these are its symbols that are not \p{P}.
const PUNCT = /[\p{P}$+<=>^`|~]/gu;
const ARTICLES = /(?<![\p{L}\p{N}_])(?:a|an|the)(?![\p{L}\p{N}_])/gu;

/** SQuAD answer normalisation: `normalizeAnswer("The Eiffel Tower!") === "eiffel tower"`. */
export function normalizeAnswer(s: string): string {
  const lower = s.normalize("NFC").toLowerCase();
  return collapseWhitespace(lower.replace(PUNCT, "").replace(ARTICLES, " "));
}

export function collapseWhitespace(s: string): string {
  return s.trim().split(/\s+/u).filter(Boolean).join(" ");
}

/** Light normalisation for exact comparisons: NFC, trimmed, whitespace collapsed, optionally lower-cased. */
export function normalizeBasic(s: string, caseSensitive = false): string {
  const t = collapseWhitespace(s.normalize("NFC"));
  return caseSensitive ? t : t.toLowerCase();
}

/** SQuAD tokens: normalised answer split on whitespace. */
export function squadTokens(s: string): string[] {
  const n = normalizeAnswer(s);
  return n === "" ? [] : n.split(" ");
}

/**
 * Word tokens for ROUGE and TF-IDF: lower-cased runs of letters/digits (rouge-score's default
 * tokenizer, `[^a-z0-9]+` as separators, widened to Unicode letters and numbers). No stemming.
 */
export function wordTokens(s: string): string[] {
  return (
    s
      .normalize("NFKC")
      .toLowerCase()
      .match(/[\p{L}\p{M}\p{N}]+/gu) ?? []
  );
}

/** Escapes syntax characters only: valid in `u`-flag regexes, which reject escapes such as `\-`. */
export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

/**
 * A regex for a term or phrase: whitespace inside it matches any run of whitespace, and with
 * `wholeWord` it must not touch a letter, digit or underscore on either side (Unicode-aware,
 * unlike JavaScript's ASCII-only `\b`, so "Müller" and "C++" work).
 */
export function phraseRegExp(phrase: string, opts: { caseSensitive: boolean; wholeWord: boolean }): RegExp {
  const body = collapseWhitespace(phrase.normalize("NFC")).split(" ").map(escapeRegExp).join("\\s+");
  const src = opts.wholeWord ? `(?<![\\p{L}\\p{N}_])${body}(?![\\p{L}\\p{N}_])` : body;
  return new RegExp(src, opts.caseSensitive ? "gu" : "giu");
}

/** Count of Unicode grapheme clusters ("👍🏽" is one character). */
export function countChars(s: string): number {
  let n = 0;
  for (const _ of graphemes.segment(s)) n++;
  return n;
}

/** Count of word-like segments (Intl.Segmenter): punctuation is not a word; CJK is split into words. */
export function countWords(s: string): number {
  let n = 0;
  for (const seg of words.segment(s)) if (seg.isWordLike) n++;
  return n;
}

const graphemes = new Intl.Segmenter("und", { granularity: "grapheme" });
const words = new Intl.Segmenter("und", { granularity: "word" });
