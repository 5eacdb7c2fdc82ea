import { describe, expect, it } from "vitest";
import { GRADER_TYPES, parseGraderConfig, ZGraderConfig } from "./config";
import { GraderConfigError, GraderInputError } from "./errors";
import { runDeterministicGrader } from "./run";

function configError(fn: () => unknown): GraderConfigError {
  try {
    fn();
  } catch (e) {
    if (e instanceof GraderConfigError) return e;
    throw e;
  }
  throw new Error("expected a GraderConfigError");
}

describe("parseGraderConfig", () => {
  it("accepts every variant and applies defaults", () => {
    expect(parseGraderConfig({ type: "token_f1" })).toEqual({ type: "token_f1", threshold: 0.5 });
    expect(parseGraderConfig({ type: "similarity" })).toEqual({
      type: "similarity",
      metric: "rouge_l",
      threshold: 0.5,
    });
    const judge = parseGraderConfig({ type: "llm_judge", rubric: { name: "Helpfulness" } });
    expect(judge).toMatchObject({
      type: "llm_judge",
      samples: 1,
      temperature: 0,
      passThreshold: 0.5,
      rubric: { criteria: [], scale: { min: 1, max: 5 } },
    });
    expect(parseGraderConfig({ type: "faithfulness" })).toMatchObject({ threshold: 1, temperature: 0 });
    expect(parseGraderConfig({ type: "pairwise_judge", rubric: { name: "x" } }).type).toBe("pairwise_judge");
    expect(GRADER_TYPES).toHaveLength(17);
  });

  it("is strict: unknown fields are errors naming the field", () => {
    const e = configError(() => parseGraderConfig({ type: "contains_all", values: ["a"], caseSensitve: true }));
    expect(e.field).toBe("caseSensitve");
    expect(e.message).toMatch(/unknown field/);
  });

  it("names nested fields and lists all issues", () => {
    const e = configError(() =>
      parseGraderConfig({
        type: "constraint_set",
        checks: [{ type: "is_json" }, { type: "regex", pattern: "(" }, { type: "contains_any", values: [] }],
      }),
    );
    expect(e.field).toBe("checks.1.pattern");
    expect(e.message).toMatch(/invalid regular expression/);
    expect(e.issues.map((i) => i.field)).toContain("checks.2.values");
  });

  it("unknown type lists the known ones", () => {
    const e = configError(() => parseGraderConfig({ type: "bleu" }));
    expect(e.field).toBe("type");
    expect(e.message).toMatch(/exact_match/);
  });

  it("rejects uncompilable JSON Schemas with ajv's message", () => {
    const e = configError(() => parseGraderConfig({ type: "json_schema", schema: { type: "strnig" } }));
    expect(e.field).toBe("schema");
    expect(e.message).toMatch(/invalid JSON Schema/);
    expect(
      configError(() => parseGraderConfig({ type: "json_schema", schema: { $ref: "https://example.com/s.json" } }))
        .field,
    ).toBe("schema");
  });

  it("validates bounds, thresholds and judge temperature", () => {
    expect(configError(() => parseGraderConfig({ type: "length_bounds" })).message).toMatch(/at least one/);
    expect(configError(() => parseGraderConfig({ type: "length_bounds", minWords: 5, maxWords: 2 })).field).toBe(
      "minWords",
    );
    expect(configError(() => parseGraderConfig({ type: "token_f1", threshold: 1.5 })).field).toBe("threshold");
    expect(
      configError(() => parseGraderConfig({ type: "llm_judge", rubric: { name: "x" }, temperature: 0.7 })).field,
    ).toBe("temperature");
    expect(
      configError(() =>
        parseGraderConfig({
          type: "llm_judge",
          rubric: { name: "x", scale: { min: 1, max: 3, anchors: { 1: "bad" } } },
        }),
      ).field,
    ).toBe("rubric.scale.anchors");
  });

  it("constraint sets cannot nest or hold embedding/judge graders", () => {
    expect(
      ZGraderConfig.safeParse({
        type: "constraint_set",
        checks: [{ type: "constraint_set", checks: [{ type: "is_json" }] }],
      }).success,
    ).toBe(false);
    expect(ZGraderConfig.safeParse({ type: "constraint_set", checks: [{ type: "semantic_similarity" }] }).success).toBe(
      false,
    );
    expect(ZGraderConfig.safeParse({ type: "constraint_set", checks: [] }).success).toBe(false);
  });
});

describe("runDeterministicGrader", () => {
  it("dispatches by type", () => {
    expect(runDeterministicGrader({ type: "exact_match" }, { output: "Paris", expected: "paris" }).pass).toBe(true);
    expect(runDeterministicGrader({ type: "is_json" }, { output: "{}" }).pass).toBe(true);
    expect(
      runDeterministicGrader(
        { type: "token_f1", threshold: 0.9 },
        { output: "The Eiffel Tower!", expected: "eiffel tower" },
      ).score,
    ).toBe(1);
    const sem = runDeterministicGrader({ type: "semantic_similarity" }, { output: "a b", expected: "a b" });
    expect(sem.details.method).toBe("lexical-tfidf-fallback");
    const emb = runDeterministicGrader(
      { type: "semantic_similarity", threshold: 0.5 },
      { output: "a", expected: "b" },
      { embeddings: { output: [1, 0], expected: [1, 0] } },
    );
    expect(emb.details.method).toBe("embedding-cosine");
  });

  it("returns a failed grade, not an exception, when the expected output is missing", () => {
    const r = runDeterministicGrader({ type: "token_f1" }, { output: "x", expected: null });
    expect(r).toMatchObject({ pass: false, score: 0, details: { error: "missing_expected" } });
    expect(r.reason).toMatch(/^needs expectedOutput/);
  });

  it("refuses model-backed types and non-string outputs", () => {
    expect(configError(() => runDeterministicGrader({ type: "faithfulness" }, { output: "x" })).field).toBe("type");
    expect(() => runDeterministicGrader({ type: "is_json" }, { output: null as unknown as string })).toThrow(
      GraderInputError,
    );
  });

  it("constraint_set reports every check; pass = all, score = fraction", () => {
    const r = runDeterministicGrader(
      {
        type: "constraint_set",
        checks: [
          { type: "is_json" },
          { type: "length_bounds", maxChars: 10 },
          { type: "forbidden_terms", terms: ["secret"] },
          { type: "json_schema", schema: { type: "object", required: ["ok"] } },
        ],
      },
      { output: '{"ok": true, "note": "secret"}' },
    );
    expect(r.pass).toBe(false);
    expect(r.score).toBe(0.5);
    const checks = r.details.checks as { index: number; type: string; pass: boolean }[];
    expect(checks.map((c) => [c.type, c.pass])).toEqual([
      ["is_json", true],
      ["length_bounds", false],
      ["forbidden_terms", false],
      ["json_schema", true],
    ]);
    expect(r.reason).toMatch(/2 of 4 checks failed: #2 length_bounds/);
    const ok = runDeterministicGrader(
      { type: "constraint_set", checks: [{ type: "contains_any", values: ["ok"] }] },
      { output: "OK" },
    );
    expect(ok).toMatchObject({ pass: true, score: 1, reason: "all 1 checks passed" });
  });
});
