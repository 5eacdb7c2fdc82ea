import { describe, expect, it } from "vitest";
import { containsAll, containsAny } from "./contains";
import { exactMatch } from "./exact-match";
import { isJson, jsonSchema, stripCodeFence } from "./json";
import { lengthBounds } from "./length-bounds";
import { LEXICAL_FALLBACK_METHOD, semanticSimilarity, similarity } from "./similarity";
import { startsWith } from "./starts-with";
import { forbiddenTerms, requiredPhrases } from "./terms";
import { tokenF1Grader } from "./token-f1";
import { NEEDS_EXPECTED_REASON } from "./types";

const out = (output: string, expected?: string | null) => ({ output, expected });

describe("exactMatch", () => {
  it("basic normalisation: case, surrounding and inner whitespace, NFC", () => {
    expect(exactMatch({}, out("  Paris \n", "paris")).pass).toBe(true);
    expect(exactMatch({}, out("New   York", "new york")).pass).toBe(true);
    expect(exactMatch({}, out("Cafe\u0301", "café")).pass).toBe(true);
    expect(exactMatch({}, out("Paris.", "Paris")).pass).toBe(false);
    expect(exactMatch({ caseSensitive: true }, out("paris", "Paris")).pass).toBe(false);
  });

  it("squad and none modes", () => {
    expect(exactMatch({ normalize: "squad" }, out("The Paris!", "paris")).pass).toBe(true);
    expect(exactMatch({ normalize: "none" }, out("Paris ", "Paris")).pass).toBe(false);
    expect(exactMatch({ normalize: "none" }, out("Paris", "Paris")).score).toBe(1);
  });

  it("a configured value wins over the expected output; missing both fails clearly", () => {
    expect(exactMatch({ value: "OK" }, out("ok", "something else")).pass).toBe(true);
    const r = exactMatch({}, out("x"));
    expect(r).toMatchObject({ pass: false, score: 0, details: { error: "missing_expected" } });
    expect(r.reason).toMatch(new RegExp(`^${NEEDS_EXPECTED_REASON}`));
    expect(exactMatch({}, out("", "")).pass).toBe(true); // "" is a real expectation
  });
});

describe("containsAll / containsAny", () => {
  it("case-insensitive by default, score is the fraction found", () => {
    const r = containsAll({ values: ["paris", "FRANCE", "euro"] }, out("Paris is in France."));
    expect(r.pass).toBe(false);
    expect(r.score).toBeCloseTo(2 / 3, 12);
    expect(r.details).toEqual({ found: ["paris", "FRANCE"], missing: ["euro"] });
    expect(containsAll({ values: ["paris"], caseSensitive: true }, out("Paris")).pass).toBe(false);
    expect(containsAll({ values: ["ü"] }, out("Ü")).pass).toBe(true);
  });

  it("any", () => {
    expect(containsAny({ values: ["yes", "oui"] }, out("OUI, bien sûr")).pass).toBe(true);
    const r = containsAny({ values: ["yes", "oui"] }, out(""));
    expect(r.pass).toBe(false);
    expect(r.score).toBe(0);
  });
});

describe("startsWith", () => {
  it("ignores leading whitespace; case-insensitive by default", () => {
    expect(startsWith({ value: "Answer:" }, out("\n answer: 42")).pass).toBe(true);
    expect(startsWith({ value: "Answer:", caseSensitive: true }, out("answer: 42")).pass).toBe(false);
    expect(startsWith({}, out("Yes, because", "yes")).pass).toBe(true);
    expect(startsWith({}, out("Yes")).reason).toContain(NEEDS_EXPECTED_REASON);
  });
});

describe("isJson / jsonSchema", () => {
  it("is_json", () => {
    expect(isJson({}, out('{"a": 1}'))).toMatchObject({ pass: true, details: { jsonType: "object" } });
    expect(isJson({}, out("[1,2]")).details.jsonType).toBe("array");
    expect(isJson({}, out("{a: 1}")).pass).toBe(false);
    expect(isJson({}, out("")).pass).toBe(false);
    const fenced = '```json\n{"a": 1}\n```';
    expect(isJson({}, out(fenced)).pass).toBe(false);
    expect(isJson({ allowCodeFence: true }, out(fenced)).pass).toBe(true);
    expect(stripCodeFence("no fence")).toBe("no fence");
  });

  const schema = {
    type: "object",
    properties: {
      name: { type: "string" },
      age: { type: "integer", minimum: 0 },
      email: { type: "string", format: "email" },
    },
    required: ["name", "age"],
    additionalProperties: false,
  };

  it("passes valid documents", () => {
    expect(jsonSchema({ schema }, out('{"name": "Ada", "age": 36, "email": "ada@example.com"}')).pass).toBe(true);
  });

  it("reports every ajv error in details", () => {
    const r = jsonSchema({ schema }, out('{"age": -1, "email": "nope", "extra": true}'));
    expect(r.pass).toBe(false);
    const errors = r.details.errors as { path: string; keyword: string }[];
    expect(errors.map((e) => e.keyword).sort()).toEqual(["additionalProperties", "format", "minimum", "required"]);
    expect(errors.find((e) => e.keyword === "minimum")?.path).toBe("/age");
    expect(r.details.errorCount).toBe(4);
    expect(r.reason).toMatch(/4 errors/);
  });

  it("non-JSON output fails with the parse error", () => {
    const r = jsonSchema({ schema }, out("not json"));
    expect(r.pass).toBe(false);
    expect(r.reason).toMatch(/not valid JSON/);
  });

  it("supports draft 2020-12 by $schema", () => {
    const s = {
      $schema: "https://json-schema.org/draft/2020-12/schema",
      type: "array",
      prefixItems: [{ type: "number" }],
      items: false,
    };
    expect(jsonSchema({ schema: s }, out("[1]")).pass).toBe(true);
    expect(jsonSchema({ schema: s }, out("[1, 2]")).pass).toBe(false);
  });

  it("the same $id in two schemas does not collide", () => {
    const a = { $id: "https://example.com/x", type: "string" };
    const b = { $id: "https://example.com/x", type: "number" };
    expect(jsonSchema({ schema: a }, out('"s"')).pass).toBe(true);
    expect(jsonSchema({ schema: b }, out("1")).pass).toBe(true);
  });
});

describe("lengthBounds", () => {
  it("words and characters, inclusive", () => {
    expect(lengthBounds({ minWords: 2, maxWords: 3 }, out("one two three")).pass).toBe(true);
    const r = lengthBounds({ maxWords: 2, maxChars: 5 }, out("one two three"));
    expect(r.pass).toBe(false);
    expect(r.details).toMatchObject({ words: 3, chars: 13 });
    expect(r.details.violations).toHaveLength(2);
    expect(lengthBounds({ minChars: 1 }, out("")).pass).toBe(false);
    expect(lengthBounds({ maxChars: 2 }, out("👍🏽!")).pass).toBe(true);
  });
});

describe("forbiddenTerms", () => {
  it("word-boundary, case-insensitive, reports which terms and how often", () => {
    const r = forbiddenTerms(
      { terms: ["Acme", "synergy", "C++"] },
      out("acme beats ACME; Acmeister is fine. We love c++!"),
    );
    expect(r.pass).toBe(false);
    expect(r.details.found).toEqual([
      { term: "Acme", count: 2 },
      { term: "C++", count: 1 },
    ]);
    expect(forbiddenTerms({ terms: ["acme"] }, out("Acmeister")).pass).toBe(true);
    expect(forbiddenTerms({ terms: ["acme"], wholeWord: false }, out("Acmeister")).pass).toBe(false);
    expect(forbiddenTerms({ terms: ["acme"], caseSensitive: true }, out("ACME")).pass).toBe(true);
  });

  it("multi-word terms match across any whitespace; Unicode boundaries", () => {
    expect(forbiddenTerms({ terms: ["project falcon"] }, out("about Project\n  Falcon.")).pass).toBe(false);
    expect(forbiddenTerms({ terms: ["müller"] }, out("Herr MÜLLER kommt")).pass).toBe(false);
    expect(forbiddenTerms({ terms: ["müller"] }, out("Müllerstraße")).pass).toBe(true);
    expect(forbiddenTerms({ terms: ["a.b"] }, out("axb")).pass).toBe(true); // escaped, not a regex
    expect(forbiddenTerms({ terms: ["x"] }, out("")).pass).toBe(true);
  });
});

describe("requiredPhrases", () => {
  it("score is the fraction present", () => {
    const r = requiredPhrases(
      { phrases: ["thank you", "order number", "refund"] },
      out("Thank  you! Your order number is 5."),
    );
    expect(r.pass).toBe(false);
    expect(r.score).toBeCloseTo(2 / 3, 12);
    expect(r.details.missing).toEqual(["refund"]);
    expect(requiredPhrases({ phrases: ["refund"] }, out("refunds")).pass).toBe(false);
    expect(requiredPhrases({ phrases: ["refund"], wholeWord: false }, out("refunds")).pass).toBe(true);
  });
});

describe("tokenF1Grader and similarity", () => {
  it("token_f1 uses the threshold and needs expected", () => {
    expect(tokenF1Grader({ threshold: 0.6 }, out("the Eiffel Tower in Paris", "Eiffel Tower"))).toMatchObject({
      pass: true,
    });
    expect(tokenF1Grader({ threshold: 0.7 }, out("the Eiffel Tower in Paris", "Eiffel Tower")).pass).toBe(false);
    expect(tokenF1Grader({ threshold: 0.5 }, out("x")).reason).toContain(NEEDS_EXPECTED_REASON);
  });

  it("levenshtein similarity on lightly normalised text", () => {
    const r = similarity({ metric: "levenshtein", threshold: 0.5 }, out("Kitten", "sitting"));
    expect(r.score).toBeCloseTo(1 - 3 / 7, 12);
    expect(r.pass).toBe(true);
    expect(r.details.distance).toBe(3);
    expect(similarity({ metric: "levenshtein", threshold: 1 }, out("", "")).pass).toBe(true);
  });

  it("rouge metrics", () => {
    const r = similarity(
      { metric: "rouge_l", threshold: 0.6 },
      out("The quick brown dog jumps on the log.", "The quick brown fox jumps over the lazy dog"),
    );
    expect(r.score).toBeCloseTo(0.5882352941176471, 12);
    expect(r.pass).toBe(false);
    expect(r.details).toMatchObject({ metric: "rouge_l", precision: 0.625 });
    expect(similarity({ metric: "rouge_1", threshold: 0.5 }, out("a b", "a b")).score).toBe(1);
    expect(similarity({ metric: "rouge_2", threshold: 0.5 }, out("x")).details.error).toBe("missing_expected");
  });
});

describe("semanticSimilarity", () => {
  it("uses embeddings when given", () => {
    const r = semanticSimilarity({ threshold: 0.8 }, out("a", "b"), { output: [1, 0], expected: [1, 1] });
    expect(r.details.method).toBe("embedding-cosine");
    expect(r.score).toBeCloseTo(Math.SQRT1_2, 12);
    expect(r.pass).toBe(false);
    // negative cosine is reported in details, the score is clamped to 0..1
    expect(semanticSimilarity({ threshold: 0 }, out("a", "b"), { output: [1], expected: [-1] }).score).toBe(0);
  });

  it("falls back to TF-IDF and says so", () => {
    const r = semanticSimilarity(
      { threshold: 0.8 },
      out("Paris is the capital of France", "The capital of France is Paris"),
    );
    expect(r.details.method).toBe(LEXICAL_FALLBACK_METHOD);
    expect(r.reason).toMatch(/lexical TF-IDF fallback/);
    expect(r.score).toBeCloseTo(1, 12);
    const low = semanticSimilarity({ threshold: 0.8, fallbackThreshold: 0.1 }, out("cats purr", "cats meow"));
    expect(low.details.threshold).toBe(0.1);
    expect(low.pass).toBe(true);
    expect(semanticSimilarity({ threshold: 0.8 }, out("x")).reason).toContain(NEEDS_EXPECTED_REASON);
  });
});

describe("jsonSchema safety", () => {
  it("refuses schemas whose regexes can backtrack catastrophically", () => {
    expect(() => jsonSchema({ schema: { type: "string", pattern: "^(a+)+$" } }, out('"a"'))).toThrow(
      /\/pattern has nested quantifiers/,
    );
    expect(() => jsonSchema({ schema: { type: "object", patternProperties: { "^(x*)*$": {} } } }, out("{}"))).toThrow(
      /patternProperties/,
    );
    expect(jsonSchema({ schema: { type: "string", pattern: "^a+$" } }, out('"aaa"')).pass).toBe(true);
  });

  it("matches patterns in linear time: ^(a|a)*$ against 30 a's answers at once", () => {
    // No nested quantifier, so the check above lets it through; with RegExp it took ~20 s.
    const t0 = performance.now();
    const r = jsonSchema(
      { schema: { type: "string", pattern: "^(a|a)*$" } },
      out(JSON.stringify("a".repeat(30) + "!")),
    );
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(r.pass).toBe(false);
    expect(jsonSchema({ schema: { type: "string", pattern: "^(a|a)*$" } }, out('"aaa"')).pass).toBe(true);
  });

  it("a lookahead in a pattern is a schema error pointing at it", () => {
    const schema = { type: "object", properties: { id: { type: "string", pattern: "^(?!x)\\d+$" } } };
    expect(() => jsonSchema({ schema }, out("{}"))).toThrow(/^schema: regex at \/properties\/id\/pattern: lookahead/);
    expect(() => jsonSchema({ schema: { type: "object", patternProperties: { "(?<=a)b": {} } } }, out("{}"))).toThrow(
      /patternProperties\/\(\?<=a\)b: lookbehind/,
    );
  });
});
