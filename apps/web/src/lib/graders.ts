import {
  GRADER_TYPES,
  isJudgeGraderType,
  type TGraderConfig,
  type TGraderConfigInput,
  type TGraderType,
  type TLlmJudgeConfig,
} from "@yardstick/core/graders";
import { DEFAULT_ANCHORS } from "@yardstick/core/judge-view";
import type { RouterOutputs } from "./types";

export type TGraderSummary = RouterOutputs["graders"]["list"][number];
export type TGrader = RouterOutputs["graders"]["get"];
export type TGraderVersion = TGrader["versions"][number];
export type TGraderPreview = RouterOutputs["graders"]["preview"];
export type TJudgeSampleRow = NonNullable<TGraderPreview["samples"]>[number];
export { GRADER_TYPES, isJudgeGraderType, type TGraderConfig, type TGraderType, type TLlmJudgeConfig };

export const GRADER_TYPE_META: Record<TGraderType, { label: string; description: string }> = {
  llm_judge: { label: "LLM judge", description: "A model scores the output against your rubric on an anchored scale." },
  faithfulness: {
    label: "Faithfulness",
    description: "A model checks every claim in the output against the item's context.",
  },
  pairwise_judge: {
    label: "Pairwise judge",
    description: "A model compares two outputs, in both orders, and picks the better one.",
  },
  exact_match: {
    label: "Exact match",
    description: "Output equals the expected output (or a fixed value) after normalisation.",
  },
  contains_all: { label: "Contains all", description: "Output contains every listed substring." },
  contains_any: { label: "Contains any", description: "Output contains at least one listed substring." },
  regex: { label: "Regex", description: "Output matches a regular expression (or does not, when negated)." },
  starts_with: { label: "Starts with", description: "Output starts with a fixed value or the expected output." },
  is_json: { label: "Is JSON", description: "Output parses as JSON." },
  json_schema: { label: "JSON schema", description: "Output is JSON that validates against a JSON Schema." },
  length_bounds: { label: "Length bounds", description: "Output length in words or characters is within bounds." },
  forbidden_terms: { label: "Forbidden terms", description: "Output contains none of the listed terms." },
  required_phrases: { label: "Required phrases", description: "Output contains every listed phrase as whole words." },
  token_f1: { label: "Token F1", description: "SQuAD token F1 against the expected output reaches a threshold." },
  similarity: {
    label: "Similarity",
    description: "ROUGE or Levenshtein similarity to the expected output reaches a threshold.",
  },
  semantic_similarity: {
    label: "Semantic similarity",
    description: "Embedding cosine similarity to the expected output reaches a threshold.",
  },
  constraint_set: {
    label: "Constraint set",
    description: "Several deterministic checks; passes when all of them pass.",
  },
};

export function graderTypeLabel(type: string | null | undefined): string {
  // hasOwn, not `in`: "constructor" or "toString" must not find Object.prototype's members.
  return type && Object.hasOwn(GRADER_TYPE_META, type) ? GRADER_TYPE_META[type as TGraderType].label : (type ?? "—");
}

/** Configs the JSON editor starts from: each one saves as is. */
export const EXAMPLE_CONFIGS: { [K in Exclude<TGraderType, "llm_judge">]: Extract<TGraderConfigInput, { type: K }> } = {
  faithfulness: { type: "faithfulness", threshold: 1 },
  pairwise_judge: {
    type: "pairwise_judge",
    rubric: { name: "Helpfulness", criteria: ["Answers the question that was asked", "Is accurate and specific"] },
  },
  exact_match: { type: "exact_match", normalize: "basic" },
  contains_all: { type: "contains_all", values: ["refund"] },
  contains_any: { type: "contains_any", values: ["refund", "replacement"] },
  regex: { type: "regex", pattern: "order #\\d+", flags: "i" },
  starts_with: { type: "starts_with", value: "Hello" },
  is_json: { type: "is_json", allowCodeFence: true },
  json_schema: {
    type: "json_schema",
    schema: { type: "object", required: ["answer"], properties: { answer: { type: "string" } } },
  },
  length_bounds: { type: "length_bounds", minWords: 5, maxWords: 150 },
  forbidden_terms: { type: "forbidden_terms", terms: ["as an AI language model"] },
  required_phrases: { type: "required_phrases", phrases: ["30-day return"] },
  token_f1: { type: "token_f1", threshold: 0.5 },
  similarity: { type: "similarity", metric: "rouge_l", threshold: 0.5 },
  semantic_similarity: { type: "semantic_similarity", threshold: 0.8 },
  constraint_set: { type: "constraint_set", checks: [{ type: "is_json" }, { type: "length_bounds", maxChars: 2000 }] },
};

export const JUDGE_MODELS = ["claude-sonnet-4-6", "claude-opus-4-6", "claude-haiku-4-5", "gpt-4o-mini", "gpt-4.1"];

export function configJson(config: unknown): string {
  return JSON.stringify(config, null, 2);
}

// ───────────── JSON with "Line N: …" errors ─────────────

class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/** Finds the first syntax error (browsers word and place JSON.parse errors differently, some without a position). */
function scanJson(text: string): void {
  let i = 0;
  const fail = (message: string): never => {
    throw new JsonSyntaxError(message, i);
  };
  const ws = () => {
    while (i < text.length && " \t\n\r".includes(text[i]!)) i++;
  };
  const string = () => {
    i++;
    for (;;) {
      const c = text[i];
      if (c === undefined || c === "\n") fail("Unterminated string");
      if (c === '"') return void i++;
      if (c === "\\") {
        i++;
        if (text[i] === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) fail("Invalid \\u escape");
          i += 4;
        } else if (!'"\\/bfnrt'.includes(text[i] ?? "x")) fail("Invalid escape in string");
      } else if (c! < " ") fail("Control character in string");
      i++;
    }
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === undefined) fail("Unexpected end of JSON");
    if (c === "{" || c === "[") {
      const close = c === "{" ? "}" : "]";
      i++;
      ws();
      if (text[i] === close) return void i++;
      for (;;) {
        ws();
        if (c === "{") {
          if (text[i] !== '"') fail("Expected a property name in double quotes");
          string();
          ws();
          if (text[i] !== ":") fail("Expected ':' after the property name");
          i++;
        }
        value();
        ws();
        if (text[i] === ",") i++;
        else if (text[i] === close) return void i++;
        else fail(`Expected ',' or '${close}'`);
      }
    }
    if (c === '"') return string();
    const lit = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null/y;
    lit.lastIndex = i;
    if (!lit.test(text)) fail(`Unexpected character ${JSON.stringify(c)}`);
    i = lit.lastIndex;
  };
  value();
  ws();
  if (i < text.length) fail("Unexpected text after the JSON value");
}

export type TJsonParse = { ok: true; value: unknown } | { ok: false; error: string };

export function parseJsonText(text: string): TJsonParse {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    try {
      scanJson(text);
    } catch (s) {
      if (!(s instanceof JsonSyntaxError)) throw s;
      const line = text.slice(0, s.offset).split("\n").length;
      return { ok: false, error: `Line ${line}: ${s.message}` };
    }
    return { ok: false, error: `Line 1: ${(e as Error).message}` };
  }
}

// ───────────── LLM judge form draft ─────────────

export type TJudgeDraft = {
  rubricName: string;
  description: string;
  criteria: string;
  min: string;
  max: string;
  anchors: Record<string, string>;
  model: string;
  samples: string;
  passThreshold: string;
  includeExpected: boolean;
  includeContext: boolean;
  /** Saved settings the form does not edit (temperature, maxTokens, stableVariance), kept as they were. */
  extra: Partial<Pick<TLlmJudgeConfig, "temperature" | "maxTokens" | "stableVariance">>;
};
export type TJudgeField =
  "rubricName" | "description" | "criteria" | "min" | "max" | "anchors" | "model" | "samples" | "passThreshold";

export function judgeDraftOf(config?: TLlmJudgeConfig): TJudgeDraft {
  if (!config) {
    return {
      rubricName: "",
      description: "",
      criteria: "",
      min: "1",
      max: "5",
      anchors: { ...DEFAULT_ANCHORS },
      model: "",
      samples: "1",
      passThreshold: "0.5",
      includeExpected: true,
      includeContext: true,
      extra: {},
    };
  }
  const { temperature, maxTokens, stableVariance, rubric } = config;
  return {
    rubricName: rubric.name,
    description: rubric.description ?? "",
    criteria: rubric.criteria.join("\n"),
    min: String(rubric.scale.min),
    max: String(rubric.scale.max),
    anchors: { ...rubric.scale.anchors },
    model: config.model ?? "",
    samples: String(config.samples),
    passThreshold: String(config.passThreshold),
    includeExpected: config.includeExpected,
    includeContext: config.includeContext,
    extra: {
      temperature,
      ...(maxTokens !== undefined && { maxTokens }),
      ...(stableVariance !== undefined && { stableVariance }),
    },
  };
}

/** Levels a draft's scale covers, or [] while min/max are not a usable range. */
export function draftLevels(d: Pick<TJudgeDraft, "min" | "max">): number[] {
  const min = Number(d.min);
  const max = Number(d.max);
  if (!Number.isInteger(min) || !Number.isInteger(max) || max <= min || max - min > 100) return [];
  return Array.from({ length: max - min + 1 }, (_, i) => min + i);
}

/** The llm_judge config of a draft; number syntax and ranges are checked here, the rest by the server. */
export function judgeConfigOf(d: TJudgeDraft): { config: unknown; errors: Partial<Record<TJudgeField, string>> } {
  const errors: Partial<Record<TJudgeField, string>> = {};
  const num = (k: "min" | "max" | "samples" | "passThreshold", int: boolean, lo?: number, hi?: number) => {
    const t = d[k].trim();
    if (!t) return undefined;
    const n = Number(t);
    if (!Number.isFinite(n) || (int && !Number.isInteger(n)))
      errors[k] = int ? "Enter a whole number" : "Enter a number";
    else if ((lo !== undefined && n < lo) || (hi !== undefined && n > hi))
      errors[k] = `Enter a value from ${lo} to ${hi}`;
    return n;
  };
  const min = num("min", true);
  const max = num("max", true);
  if (min === undefined) errors.min = "Required";
  if (max === undefined) errors.max = "Required";
  const samples = num("samples", true, 1, 10);
  const passThreshold = num("passThreshold", false, 0, 1);
  const levels = new Set(draftLevels(d).map(String));
  const anchors = Object.fromEntries(
    Object.entries(d.anchors)
      .filter(([k, v]) => levels.has(k) && v.trim())
      .map(([k, v]) => [k, v.trim()]),
  );
  const criteria = d.criteria
    .split("\n")
    .map((c) => c.trim())
    .filter(Boolean);
  const config = {
    type: "llm_judge",
    rubric: {
      name: d.rubricName.trim(),
      ...(d.description.trim() && { description: d.description.trim() }),
      criteria,
      scale: { min, max, anchors },
    },
    ...(d.model.trim() && { model: d.model.trim() }),
    ...(samples !== undefined && { samples }),
    ...(passThreshold !== undefined && { passThreshold }),
    includeExpected: d.includeExpected,
    includeContext: d.includeContext,
    ...d.extra,
  };
  return { config, errors };
}

/** The judge form field a server error path (`config.rubric.scale.max`) belongs to. */
export function judgeFieldOf(path: string): TJudgeField | undefined {
  const p = path.replace(/^config\./, "");
  if (p === "rubric.name") return "rubricName";
  if (p === "rubric.description") return "description";
  if (p.startsWith("rubric.criteria")) return "criteria";
  if (p === "rubric.scale.min") return "min";
  if (p === "rubric.scale.max" || p === "rubric.scale") return "max";
  if (p.startsWith("rubric.scale.anchors")) return "anchors";
  if (p === "model" || p === "samples" || p === "passThreshold") return p;
  return undefined;
}

/** The service error's field (`config.rubric.scale.max`), when it named one. */
export function errorField(error: unknown): string | undefined {
  return (error as { data?: { field?: string } } | null)?.data?.field;
}
