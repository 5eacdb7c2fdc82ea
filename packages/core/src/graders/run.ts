import {
  parseGraderConfig,
  isJudgeGraderType,
  type TConstraintCheckConfig,
  type TDeterministicGraderConfig,
} from "./config";
import { containsAll, containsAny } from "./contains";
import { GraderConfigError, GraderInputError } from "./errors";
import { exactMatch } from "./exact-match";
import { isJson, jsonSchema } from "./json";
import { lengthBounds } from "./length-bounds";
import { regexMatch } from "./regex-match";
import { semanticSimilarity, similarity } from "./similarity";
import { startsWith } from "./starts-with";
import { forbiddenTerms, requiredPhrases } from "./terms";
import { tokenF1Grader } from "./token-f1";
import type { TGradeInput, TGradeResult } from "./types";

export interface TRunGraderOptions {
  /** Embeddings of output and expected output, for semantic_similarity; absent → TF-IDF fallback. */
  embeddings?: { output: readonly number[]; expected: readonly number[] } | null;
  /** Extra documents for TF-IDF IDF (e.g. the dataset's expected outputs). */
  corpus?: readonly string[];
}

/** Several checks on one output, each reported; pass when all pass, score = fraction passed. */
export function constraintSet(config: { checks: readonly TConstraintCheckConfig[] }, input: TGradeInput): TGradeResult {
  const checks = config.checks.map((c, index) => ({ index, type: c.type, ...runParsed(c, input) }));
  const failed = checks.filter((c) => !c.pass);
  const n = checks.length;
  return {
    pass: failed.length === 0,
    score: n === 0 ? 1 : (n - failed.length) / n,
    reason:
      failed.length === 0
        ? `all ${n} checks passed`
        : `${failed.length} of ${n} checks failed: ${failed.map((c) => `#${c.index + 1} ${c.type} (${c.reason})`).join("; ")}`,
    details: { checks },
  };
}

function runParsed(config: TDeterministicGraderConfig, input: TGradeInput, opts: TRunGraderOptions = {}): TGradeResult {
  switch (config.type) {
    case "exact_match":
      return exactMatch(config, input);
    case "contains_all":
      return containsAll(config, input);
    case "contains_any":
      return containsAny(config, input);
    case "regex":
      return regexMatch(config, input);
    case "starts_with":
      return startsWith(config, input);
    case "is_json":
      return isJson(config, input);
    case "json_schema":
      return jsonSchema(config, input);
    case "length_bounds":
      return lengthBounds(config, input);
    case "forbidden_terms":
      return forbiddenTerms(config, input);
    case "required_phrases":
      return requiredPhrases(config, input);
    case "token_f1":
      return tokenF1Grader(config, input);
    case "similarity":
      return similarity(config, input);
    case "semantic_similarity":
      return semanticSimilarity(config, input, opts.embeddings, { corpus: opts.corpus });
    case "constraint_set":
      return constraintSet(config, input);
  }
}

/**
 * Validates `config` and grades `input` with it. Invalid configs, and the model-backed types
 * (llm_judge, faithfulness, pairwise_judge), throw GraderConfigError; a row without the expected
 * output a grader needs is a failed grade with reason "needs expectedOutput", not an exception.
 */
export function runDeterministicGrader(
  config: unknown,
  input: TGradeInput,
  opts: TRunGraderOptions = {},
): TGradeResult {
  const parsed = parseGraderConfig(config);
  if (isJudgeGraderType(parsed.type)) {
    throw new GraderConfigError(
      "type",
      `${parsed.type} calls a model; run it through the judge, not runDeterministicGrader`,
    );
  }
  if (typeof input?.output !== "string") throw new GraderInputError("output", "must be a string");
  return runParsed(parsed as TDeterministicGraderConfig, input, opts);
}
