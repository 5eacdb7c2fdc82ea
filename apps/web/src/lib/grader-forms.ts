import type { TGraderType } from "@yardstick/core/graders";
import { configJson, EXAMPLE_CONFIGS, parseJsonText } from "./graders";

// Forms for the deterministic graders: each field maps one config key, so a config round-trips
// (config → draft → config) unchanged. constraint_set (nested checks) stays JSON-only.

export type TFormGraderType = Exclude<TGraderType, "llm_judge" | "faithfulness" | "pairwise_judge" | "constraint_set">;

type TBase = { key: string; label: string; hint?: string };
export type TFormFieldSpec =
  | (TBase & { kind: "text"; required?: boolean; placeholder?: string })
  | (TBase & { kind: "lines" })
  | (TBase & { kind: "bool"; default: boolean })
  | (TBase & { kind: "number"; int?: boolean; min?: number; max?: number })
  | (TBase & { kind: "select"; options: { value: string; label: string }[]; optional?: boolean })
  | (TBase & { kind: "json" });

const caseSensitive: TFormFieldSpec = { key: "caseSensitive", kind: "bool", label: "Case-sensitive", default: false };
const wholeWord: TFormFieldSpec = {
  key: "wholeWord",
  kind: "bool",
  label: "Whole words only",
  hint: "A match must not touch a letter or digit on either side",
  default: true,
};
const lines = (key: string, label: string): TFormFieldSpec => ({ key, kind: "lines", label, hint: "One per line" });
const threshold = (def: number): TFormFieldSpec => ({
  key: "threshold",
  kind: "number",
  label: "Pass threshold",
  hint: `From 0 to 1; ${def} when empty`,
  min: 0,
  max: 1,
});
const codeFence: TFormFieldSpec = {
  key: "allowCodeFence",
  kind: "bool",
  label: "Allow a ```json code fence around the output",
  default: false,
};

export const GRADER_FORMS: Record<TFormGraderType, TFormFieldSpec[]> = {
  exact_match: [
    { key: "value", kind: "text", label: "Value", hint: "Empty: compare with the item's expected output" },
    {
      key: "normalize",
      kind: "select",
      label: "Normalisation",
      optional: true,
      options: [
        { value: "basic", label: "Basic: trim, collapse spaces (default)" },
        { value: "squad", label: "SQuAD: also drop punctuation and articles" },
        { value: "none", label: "None: byte for byte" },
      ],
    },
    caseSensitive,
  ],
  contains_all: [lines("values", "Substrings (all must appear)"), caseSensitive],
  contains_any: [lines("values", "Substrings (one must appear)"), caseSensitive],
  regex: [
    { key: "pattern", kind: "text", label: "Pattern", required: true, placeholder: "order #\\d+" },
    { key: "flags", kind: "text", label: "Flags", hint: "e.g. i for case-insensitive" },
    { key: "negate", kind: "bool", label: "Pass when it does not match", default: false },
    {
      key: "maxInputChars",
      kind: "number",
      label: "Max input characters",
      hint: "Optional; longer outputs are cut before matching",
      int: true,
      min: 1,
      max: 1_000_000,
    },
    {
      key: "allowNestedQuantifiers",
      kind: "bool",
      label: "Allow nested quantifiers (risk of slow matching)",
      default: false,
    },
  ],
  starts_with: [
    { key: "value", kind: "text", label: "Prefix", hint: "Empty: the item's expected output" },
    caseSensitive,
  ],
  is_json: [codeFence],
  json_schema: [{ key: "schema", kind: "json", label: "JSON Schema", hint: "An object (or true/false)" }, codeFence],
  length_bounds: [
    { key: "minWords", kind: "number", label: "Min words", int: true, min: 0 },
    { key: "maxWords", kind: "number", label: "Max words", int: true, min: 0 },
    { key: "minChars", kind: "number", label: "Min characters", int: true, min: 0 },
    { key: "maxChars", kind: "number", label: "Max characters", int: true, min: 0 },
  ],
  forbidden_terms: [lines("terms", "Forbidden terms"), caseSensitive, wholeWord],
  required_phrases: [lines("phrases", "Required phrases"), caseSensitive, wholeWord],
  token_f1: [threshold(0.5)],
  similarity: [
    {
      key: "metric",
      kind: "select",
      label: "Metric",
      options: [
        { value: "rouge_l", label: "ROUGE-L" },
        { value: "rouge_1", label: "ROUGE-1" },
        { value: "rouge_2", label: "ROUGE-2" },
        { value: "levenshtein", label: "Levenshtein" },
      ],
    },
    threshold(0.5),
  ],
  semantic_similarity: [
    {
      key: "threshold",
      kind: "number",
      label: "Pass threshold",
      hint: "Cosine similarity from -1 to 1; 0.8 when empty",
      min: -1,
      max: 1,
    },
    {
      key: "fallbackThreshold",
      kind: "number",
      label: "Fallback threshold",
      hint: "Optional, 0 to 1: ROUGE-L threshold when no embedding provider is set",
      min: 0,
      max: 1,
    },
    {
      key: "embeddingModel",
      kind: "text",
      label: "Embedding model",
      hint: "Optional; the provider's default when empty",
    },
  ],
};

export function hasGraderForm(type: string): type is TFormGraderType {
  return Object.hasOwn(GRADER_FORMS, type);
}

/** Form values: text, lines, number, select and json fields as strings; booleans as set (undefined = default). */
export type TGraderFormDraft = Record<string, string | boolean | undefined>;

/** The form values of a config (the type's example when none). */
export function graderFormDraftOf(type: TFormGraderType, config?: Record<string, unknown>): TGraderFormDraft {
  const c: Record<string, unknown> = config ?? EXAMPLE_CONFIGS[type];
  const draft: TGraderFormDraft = {};
  for (const f of GRADER_FORMS[type]) {
    const v = c[f.key];
    if (f.kind === "bool") draft[f.key] = typeof v === "boolean" ? v : undefined;
    else if (f.kind === "lines") draft[f.key] = Array.isArray(v) ? v.join("\n") : "";
    else if (f.kind === "json") draft[f.key] = v === undefined ? "" : configJson(v);
    else draft[f.key] = v === undefined || v === null ? "" : String(v);
  }
  return draft;
}

/** The config of a form draft, or errors keyed by config field (messages for people). */
export function graderConfigOf(
  type: TFormGraderType,
  draft: TGraderFormDraft,
): { config: Record<string, unknown>; errors: Record<string, string> } {
  const config: Record<string, unknown> = { type };
  const errors: Record<string, string> = {};
  for (const f of GRADER_FORMS[type]) {
    const raw = draft[f.key];
    if (f.kind === "bool") {
      if (typeof raw === "boolean") config[f.key] = raw;
      continue;
    }
    const text = typeof raw === "string" ? raw : "";
    if (f.kind === "lines") {
      const items = text
        .split("\n")
        .map((l) => l.replace(/\r$/, ""))
        .filter((l) => l.trim() !== "");
      if (items.length === 0) errors[f.key] = "Add at least one entry";
      config[f.key] = items;
    } else if (f.kind === "number") {
      if (!text.trim()) continue;
      const n = Number(text.trim());
      if (!Number.isFinite(n) || (f.int === true && !Number.isInteger(n)))
        errors[f.key] = f.int ? "Enter a whole number" : "Enter a number";
      else if (f.min !== undefined && f.max !== undefined && (n < f.min || n > f.max))
        errors[f.key] = `Enter a value from ${f.min} to ${f.max}`;
      else if (f.min !== undefined && n < f.min) errors[f.key] = `Enter at least ${f.min}`;
      config[f.key] = n;
    } else if (f.kind === "json") {
      if (!text.trim()) {
        errors[f.key] = "Required";
        continue;
      }
      const parsed = parseJsonText(text);
      if (!parsed.ok) errors[f.key] = parsed.error;
      else if (
        typeof parsed.value !== "boolean" &&
        (typeof parsed.value !== "object" || parsed.value === null || Array.isArray(parsed.value))
      )
        errors[f.key] = "Enter a JSON object (or true/false)";
      else config[f.key] = parsed.value;
    } else {
      if (text === "") {
        if (f.kind === "text" && f.required) errors[f.key] = "Required";
        continue;
      }
      config[f.key] = text;
    }
  }
  if (type === "length_bounds") {
    const n = (k: string) => (typeof config[k] === "number" ? (config[k] as number) : undefined);
    if (
      ["minWords", "maxWords", "minChars", "maxChars"].every((k) => n(k) === undefined) &&
      !Object.keys(errors).length
    )
      errors.maxWords = "Set at least one bound";
    const [minW, maxW, minC, maxC] = [n("minWords"), n("maxWords"), n("minChars"), n("maxChars")];
    if (minW !== undefined && maxW !== undefined && minW > maxW) errors.minWords ??= "Must be at most the max words";
    if (minC !== undefined && maxC !== undefined && minC > maxC)
      errors.minChars ??= "Must be at most the max characters";
  }
  return { config, errors };
}

/** The form field a server error path (`config.threshold`, `config.values.0`) belongs to. */
export function graderFormFieldOf(type: TFormGraderType, path: string): string | undefined {
  const key = path.replace(/^config\./, "").split(".")[0];
  return GRADER_FORMS[type].some((f) => f.key === key) ? key : undefined;
}
