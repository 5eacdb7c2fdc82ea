import { countChars, countWords } from "./normalize";
import { passFail, type TGradeInput, type TGradeResult } from "./types";

export interface TLengthBoundsConfig {
  minWords?: number;
  maxWords?: number;
  minChars?: number;
  maxChars?: number;
}

/**
 * Inclusive bounds. Words are Intl.Segmenter word-like segments (punctuation is not a word, CJK is
 * segmented); characters are grapheme clusters, so an emoji with a skin-tone modifier counts once.
 */
export function lengthBounds(config: TLengthBoundsConfig, input: TGradeInput): TGradeResult {
  const words = countWords(input.output);
  const chars = countChars(input.output);
  const violations: string[] = [];
  if (config.minWords !== undefined && words < config.minWords)
    violations.push(`${words} words < minWords ${config.minWords}`);
  if (config.maxWords !== undefined && words > config.maxWords)
    violations.push(`${words} words > maxWords ${config.maxWords}`);
  if (config.minChars !== undefined && chars < config.minChars)
    violations.push(`${chars} characters < minChars ${config.minChars}`);
  if (config.maxChars !== undefined && chars > config.maxChars)
    violations.push(`${chars} characters > maxChars ${config.maxChars}`);
  const pass = violations.length === 0;
  return passFail(pass, pass ? `length within bounds (${words} words, ${chars} characters)` : violations.join("; "), {
    words,
    chars,
    violations,
  });
}
