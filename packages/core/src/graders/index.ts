/**
 * @yardstick/core/graders: deterministic graders and the metric functions behind them. Every
 * grader returns {pass, score (0..1), reason, details}. Model-backed graders (LLM judge,
 * faithfulness, pairwise) have their configs here and their prompt/parse helpers in ../judge.
 */
export { GraderConfigError, GraderInputError } from "./errors";
export { missingExpected, NEEDS_EXPECTED_REASON, type TGradeInput, type TGradeResult } from "./types";
export {
  collapseWhitespace,
  countChars,
  countWords,
  normalizeAnswer,
  normalizeBasic,
  squadTokens,
  wordTokens,
} from "./normalize";
export { tokenF1, tokenF1Grader, type TTokenF1 } from "./token-f1";
export { levenshtein, levenshteinSimilarity } from "./levenshtein";
export { lcsLength, rouge1, rouge2, rougeL, rougeN, type TRouge } from "./rouge";
export { cosineSimilarity, tfidfCosine } from "./vectors";
export {
  LEXICAL_FALLBACK_METHOD,
  MAX_DP_CELLS,
  semanticSimilarity,
  similarity,
  type TSemanticSimilarityConfig,
  type TSimilarityMetric,
} from "./similarity";
export { exactMatch, type TExactMatchConfig, type TExactMatchNormalize } from "./exact-match";
export { containsAll, containsAny, type TContainsConfig } from "./contains";
export { startsWith, type TStartsWithConfig } from "./starts-with";
export {
  compileRegex,
  DEFAULT_REGEX_MAX_INPUT_CHARS,
  hasNestedQuantifier,
  regexMatch,
  type TRegexConfig,
} from "./regex-match";
export { compileJsonSchema, isJson, jsonSchema, stripCodeFence, type TJsonConfig } from "./json";
export { lengthBounds, type TLengthBoundsConfig } from "./length-bounds";
export { forbiddenTerms, requiredPhrases, type TTermsConfig } from "./terms";
export { constraintSet, runDeterministicGrader, type TRunGraderOptions } from "./run";
export {
  GRADER_TYPES,
  isJudgeGraderType,
  JUDGE_GRADER_TYPES,
  parseGraderConfig,
  ZConstraintCheckConfig,
  ZGraderConfig,
  ZLlmJudgeConfig,
  ZFaithfulnessConfig,
  ZPairwiseJudgeConfig,
  type TConstraintCheckConfig,
  type TDeterministicGraderConfig,
  type TFaithfulnessConfig,
  type TGraderConfig,
  type TGraderConfigInput,
  type TGraderType,
  type TJudgeGraderType,
  type TLlmJudgeConfig,
  type TPairwiseJudgeConfig,
} from "./config";
