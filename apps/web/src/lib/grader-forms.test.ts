import { parseGraderConfig } from "@yardstick/core/graders";
import { describe, expect, it } from "vitest";
import {
  GRADER_FORMS,
  graderConfigOf,
  graderFormDraftOf,
  graderFormFieldOf,
  hasGraderForm,
  type TFormGraderType,
} from "./grader-forms";
import { EXAMPLE_CONFIGS, GRADER_TYPES, isJudgeGraderType } from "./graders";

// Configs that set every field the form edits (the examples set only some).
const FULL: Record<TFormGraderType, Record<string, unknown>> = {
  exact_match: { type: "exact_match", value: "Paris", normalize: "squad", caseSensitive: true },
  contains_all: { type: "contains_all", values: ["refund", " 30 days "], caseSensitive: false },
  contains_any: { type: "contains_any", values: ["refund", "replacement"], caseSensitive: true },
  regex: {
    type: "regex",
    pattern: "order #\\d+",
    flags: "i",
    negate: true,
    maxInputChars: 5000,
    allowNestedQuantifiers: false,
  },
  starts_with: { type: "starts_with", value: "Hello", caseSensitive: true },
  is_json: { type: "is_json", allowCodeFence: false },
  json_schema: { type: "json_schema", schema: { type: "object", required: ["a"] }, allowCodeFence: true },
  length_bounds: { type: "length_bounds", minWords: 1, maxWords: 10, minChars: 0, maxChars: 2000 },
  forbidden_terms: { type: "forbidden_terms", terms: ["as an AI"], caseSensitive: true, wholeWord: false },
  required_phrases: {
    type: "required_phrases",
    phrases: ["30-day return", "receipt"],
    caseSensitive: false,
    wholeWord: true,
  },
  token_f1: { type: "token_f1", threshold: 0.7 },
  similarity: { type: "similarity", metric: "levenshtein", threshold: 0.9 },
  semantic_similarity: {
    type: "semantic_similarity",
    threshold: -0.2,
    fallbackThreshold: 0.4,
    embeddingModel: "nomic-embed-text",
  },
};

describe("grader forms", () => {
  it("cover every deterministic type except constraint_set", () => {
    const expected = GRADER_TYPES.filter((t) => !isJudgeGraderType(t) && t !== "constraint_set");
    expect(Object.keys(GRADER_FORMS).sort()).toEqual([...expected].sort());
    expect(hasGraderForm("constraint_set")).toBe(false);
    expect(hasGraderForm("llm_judge")).toBe(false);
  });

  for (const type of Object.keys(GRADER_FORMS) as TFormGraderType[]) {
    describe(type, () => {
      it("config → form → config keeps a full config unchanged, and the server accepts it", () => {
        const saved = parseGraderConfig(FULL[type]) as Record<string, unknown>;
        const { config, errors } = graderConfigOf(type, graderFormDraftOf(type, saved));
        expect(errors).toEqual({});
        expect(config).toEqual(saved);
      });
      it("the example config round-trips too (what a new grader's form starts from)", () => {
        const saved = parseGraderConfig(EXAMPLE_CONFIGS[type]) as Record<string, unknown>;
        const draft = graderFormDraftOf(type);
        const { config, errors } = graderConfigOf(type, draft);
        expect(errors).toEqual({});
        expect(parseGraderConfig(config)).toEqual(saved);
      });
      it("form → config → form gives the same form", () => {
        const draft = graderFormDraftOf(type, FULL[type]);
        expect(graderFormDraftOf(type, graderConfigOf(type, draft).config)).toEqual(draft);
      });
    });
  }

  it("names the field of a bad value, with a message for people", () => {
    expect(graderConfigOf("token_f1", { threshold: "1.5" }).errors).toEqual({ threshold: "Enter a value from 0 to 1" });
    expect(graderConfigOf("token_f1", { threshold: "abc" }).errors).toEqual({ threshold: "Enter a number" });
    expect(graderConfigOf("regex", { pattern: "" }).errors).toEqual({ pattern: "Required" });
    expect(graderConfigOf("contains_all", { values: "\n  \n" }).errors).toEqual({ values: "Add at least one entry" });
    expect(graderConfigOf("length_bounds", { maxWords: "2.5" }).errors).toEqual({ maxWords: "Enter a whole number" });
    expect(graderConfigOf("length_bounds", {}).errors).toEqual({ maxWords: "Set at least one bound" });
    expect(graderConfigOf("length_bounds", { minWords: "9", maxWords: "3" }).errors).toEqual({
      minWords: "Must be at most the max words",
    });
    expect(graderConfigOf("json_schema", { schema: "{" }).errors.schema).toMatch(/^Line 1: /);
    expect(graderConfigOf("json_schema", { schema: "[1]" }).errors).toEqual({
      schema: "Enter a JSON object (or true/false)",
    });
  });

  it("an unset checkbox leaves the key out (the grader's default applies)", () => {
    expect(graderConfigOf("forbidden_terms", { terms: "x" }).config).toEqual({ type: "forbidden_terms", terms: ["x"] });
  });

  it("maps server error paths to form fields", () => {
    expect(graderFormFieldOf("contains_all", "config.values.0")).toBe("values");
    expect(graderFormFieldOf("regex", "config.pattern")).toBe("pattern");
    expect(graderFormFieldOf("regex", "config.type")).toBeUndefined();
  });
});
