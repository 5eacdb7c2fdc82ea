import { describe, expect, it } from "vitest";
import { GraderInputError } from "./errors";
import { levenshtein, levenshteinSimilarity } from "./levenshtein";
import { countChars, countWords, normalizeAnswer } from "./normalize";
import { lcsLength, rouge1, rouge2, rougeL, rougeN } from "./rouge";
import { tokenF1 } from "./token-f1";
import { cosineSimilarity, tfidfCosine } from "./vectors";

describe("normalizeAnswer (SQuAD)", () => {
  it.each([
    ["The Eiffel Tower!", "eiffel tower"],
    ["  A   cat,  an apple; the END. ", "cat apple end"],
    ["Theater", "theater"],
    ["an", ""],
    ["U.S.A.", "usa"],
    ["$5 + 3 = 8", "5 3 8"],
    ["«Bonjour» ¿qué?", "bonjour qué"],
    ["", ""],
  ])("%j → %j", (input, expected) => {
    expect(normalizeAnswer(input)).toBe(expected);
  });

  it("is Unicode-aware at word boundaries and in case folding", () => {
    expect(normalizeAnswer("ÉCOLE théâtre")).toBe("école théâtre");
    // "a" inside "ça" is not an article
    expect(normalizeAnswer("ça a")).toBe("ça");
  });
});

describe("tokenF1", () => {
  it("matches after SQuAD normalisation", () => {
    expect(tokenF1("The Eiffel Tower!", "eiffel tower")).toEqual({ f1: 1, precision: 1, recall: 1 });
  });

  it("partial overlap", () => {
    // pred: [eiffel, tower, in, paris] gold: [eiffel, tower] → p = 2/4, r = 1
    const r = tokenF1("the Eiffel Tower in Paris", "Eiffel Tower");
    expect(r.precision).toBeCloseTo(0.5, 12);
    expect(r.recall).toBe(1);
    expect(r.f1).toBeCloseTo(2 / 3, 12);
  });

  it("counts repeated tokens with multiplicity (Counter intersection)", () => {
    // "paris paris paris" vs "paris london": common = 1; p = 1/3, r = 1/2, f1 = 0.4
    const r = tokenF1("paris paris paris", "paris london");
    expect(r.f1).toBeCloseTo(0.4, 12);
  });

  it("no overlap and empty sides", () => {
    expect(tokenF1("berlin", "paris").f1).toBe(0);
    expect(tokenF1("", "").f1).toBe(1);
    expect(tokenF1("the", "a").f1).toBe(1); // both normalise to nothing
    expect(tokenF1("", "paris").f1).toBe(0);
    expect(tokenF1("paris", "!!!").f1).toBe(0);
  });
});

describe("levenshtein", () => {
  it.each([
    ["kitten", "sitting", 3],
    ["flaw", "lawn", 2],
    ["saturday", "sunday", 3],
    ["", "abc", 3],
    ["abc", "", 3],
    ["", "", 0],
    ["same", "same", 0],
    ["café", "cafe", 1],
    ["👍🏽x", "x", 2], // code points, not UTF-16 units
  ])("%j ↔ %j = %i", (a, b, d) => {
    expect(levenshtein(a, b)).toBe(d);
    expect(levenshtein(b, a)).toBe(d);
  });

  it("similarity = 1 − d / max length", () => {
    expect(levenshteinSimilarity("kitten", "sitting")).toBeCloseTo(1 - 3 / 7, 12);
    expect(levenshteinSimilarity("", "")).toBe(1);
    expect(levenshteinSimilarity("abc", "xyz")).toBe(0);
  });
});

describe("ROUGE (rouge-score README example)", () => {
  const target = "The quick brown fox jumps over the lazy dog";
  const prediction = "The quick brown dog jumps on the log.";

  it("ROUGE-L: LCS = 5 of 8 predicted and 9 reference tokens", () => {
    const r = rougeL(prediction, target);
    expect(r.precision).toBeCloseTo(0.625, 12);
    expect(r.recall).toBeCloseTo(0.5555555555555556, 12);
    expect(r.f1).toBeCloseTo(0.5882352941176471, 12);
  });

  it("ROUGE-1 and ROUGE-2", () => {
    const r1 = rouge1(prediction, target);
    expect(r1.precision).toBeCloseTo(0.75, 12);
    expect(r1.recall).toBeCloseTo(0.6666666666666666, 12);
    expect(r1.f1).toBeCloseTo(0.7058823529411765, 12);
    // bigrams shared: "the quick", "quick brown" → p = 2/7, r = 2/8
    const r2 = rouge2(prediction, target);
    expect(r2.precision).toBeCloseTo(2 / 7, 12);
    expect(r2.recall).toBeCloseTo(2 / 8, 12);
  });

  it("edge cases", () => {
    expect(rougeL("", "abc")).toEqual({ precision: 0, recall: 0, f1: 0 });
    expect(rougeL("", "")).toEqual({ precision: 0, recall: 0, f1: 0 });
    expect(rougeL("a b c", "A, B, C!").f1).toBe(1);
    expect(rouge2("one", "one").f1).toBe(0); // no bigrams
    expect(lcsLength(["a", "b", "c", "d"], ["b", "d"])).toBe(2);
    expect(() => rougeN("a", "a", 0)).toThrow(RangeError);
  });
});

describe("tfidfCosine", () => {
  it("hand-computed value with smoothed idf", () => {
    // N = 2; idf(cat) = ln(3/3) + 1 = 1; idf(dog) = idf(fish) = ln(3/2) + 1
    const w = Math.log(1.5) + 1;
    expect(tfidfCosine("cat dog", "cat fish")).toBeCloseTo(1 / (1 + w * w), 12);
  });

  it("sanity: identical → 1, disjoint → 0, symmetric, more overlap → higher", () => {
    expect(tfidfCosine("Paris is the capital of France", "paris is the capital of france")).toBeCloseTo(1, 12);
    expect(tfidfCosine("alpha beta", "gamma delta")).toBe(0);
    const a = "the cat sat on the mat";
    const b = "a cat sat on a rug";
    expect(tfidfCosine(a, b)).toBeCloseTo(tfidfCosine(b, a), 12);
    expect(tfidfCosine(a, "the cat sat on the rug")).toBeGreaterThan(tfidfCosine(a, "the dog ran"));
    expect(tfidfCosine("", "")).toBe(1);
    expect(tfidfCosine("", "x")).toBe(0);
  });

  it("a corpus makes common words count less", () => {
    const corpus = ["the report is late", "the report is done", "the report is long"];
    const [a, b] = ["the report is ready", "the report is late"];
    // shared words are common in the corpus, so the pair looks less alike than on its own
    expect(tfidfCosine(a, b, corpus)).toBeLessThan(tfidfCosine(a, b));
    // sharing a rare word beats sharing a common one
    expect(tfidfCosine(a, "the memo is ready", corpus)).toBeGreaterThan(tfidfCosine(a, b, corpus));
  });
});

describe("cosineSimilarity", () => {
  it("known values", () => {
    expect(cosineSimilarity([1, 0], [0, 1])).toBe(0);
    expect(cosineSimilarity([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 12);
    expect(cosineSimilarity([1, 0], [-1, 0])).toBe(-1);
    expect(cosineSimilarity([1, 1], [1, 0])).toBeCloseTo(Math.SQRT1_2, 12);
    expect(cosineSimilarity([0, 0], [1, 0])).toBe(0);
  });

  it("rejects mismatched, empty and non-finite vectors", () => {
    expect(() => cosineSimilarity([1], [1, 2])).toThrow(GraderInputError);
    expect(() => cosineSimilarity([], [])).toThrow(GraderInputError);
    expect(() => cosineSimilarity([NaN], [1])).toThrow(/a: element 0/);
  });
});

describe("counting", () => {
  it("words and grapheme characters", () => {
    expect(countWords("Hello, world! It's 3.14.")).toBe(4);
    expect(countWords("   ")).toBe(0);
    expect(countWords("— … !")).toBe(0);
    expect(countChars("👍🏽ok")).toBe(3);
    expect(countChars("")).toBe(0);
  });
});
