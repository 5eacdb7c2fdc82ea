import { describe, expect, it } from "vitest";
import { tfidfCosine } from "../graders";
import {
  brokenRule,
  candidateInputText,
  isNegativeFeedback,
  normaliseCandidateText,
  similarityGroups,
  CANDIDATE_SIMILARITY_THRESHOLD,
} from ".";

describe("negative signals", () => {
  it("thumbs down and ratings of 2 or less are negative; the rest are not", () => {
    expect(isNegativeFeedback({ thumbs: -1 })).toBe(true);
    expect(isNegativeFeedback({ rating: 2 })).toBe(true);
    expect(isNegativeFeedback({ rating: 1, thumbs: 1 })).toBe(true);
    expect(isNegativeFeedback({ rating: 3 })).toBe(false);
    expect(isNegativeFeedback({ thumbs: 1 })).toBe(false);
    expect(isNegativeFeedback({ thumbs: null, rating: null })).toBe(false);
  });
  it("a score rule fires strictly below its threshold, for its score name only", () => {
    const rules = [{ scoreName: "helpfulness", below: 3 }];
    expect(brokenRule({ name: "helpfulness", value: 2.5 }, rules)).toEqual(rules[0]);
    expect(brokenRule({ name: "helpfulness", value: 3 }, rules)).toBeNull();
    expect(brokenRule({ name: "accuracy", value: 0 }, rules)).toBeNull();
    expect(brokenRule({ name: "helpfulness", value: null }, rules)).toBeNull();
  });
});

describe("normalisation for the dedupe hash", () => {
  it("ignores case, punctuation, symbols and whitespace", () => {
    expect(normaliseCandidateText("  How do I reset my PASSWORD?? ")).toBe("how do i reset my password");
    expect(normaliseCandidateText("how do i reset my password")).toBe("how do i reset my password");
    expect(normaliseCandidateText("Ｆｕｌｌ－width!")).toBe("full width");
  });
  it("keeps different words apart", () => {
    expect(normaliseCandidateText("reset my password")).not.toBe(normaliseCandidateText("reset your password"));
  });
});

describe("candidate input text", () => {
  it("takes a string as is, a chat by its last user message, an object by its question field", () => {
    expect(candidateInputText("hi")).toBe("hi");
    expect(
      candidateInputText([
        { role: "system", content: "be nice" },
        { role: "user", content: "first" },
        { role: "assistant", content: "ok" },
        { role: "user", content: [{ type: "text", text: "second" }] },
      ]),
    ).toBe("second");
    expect(candidateInputText({ messages: [{ role: "user", content: "q" }] })).toBe("q");
    expect(candidateInputText({ question: "why?", lang: "en" })).toBe("why?");
  });
  it("falls back to canonical JSON, independent of key order", () => {
    expect(candidateInputText({ b: 1, a: [2] })).toBe(candidateInputText({ a: [2], b: 1 }));
    expect(candidateInputText({ b: 1, a: [2] })).toBe('{"a":[2],"b":1}');
  });
});

describe("similarity groups", () => {
  const texts = [
    "How can I change the password of my account",
    "What is the refund policy for annual plans",
    "how can I change my account password",
    "Tell me a joke",
  ];
  it("groups near-identical inputs under the oldest and leaves the rest alone (TF-IDF)", () => {
    const sim = (a: string, b: string) => tfidfCosine(a, b, texts);
    const groups = similarityGroups(texts, sim, 0.5);
    expect(groups).toEqual([[texts[0], texts[2]]]);
  });
  it("a threshold near 1 only merges identical texts", () => {
    const groups = similarityGroups(["a b", "a b", "a c"], (a, b) => tfidfCosine(a, b), 0.999);
    expect(groups).toEqual([["a b", "a b"]]);
  });
  it("has a lower default threshold for the lexical fallback", () => {
    expect(CANDIDATE_SIMILARITY_THRESHOLD["tf-idf"]).toBeLessThan(CANDIDATE_SIMILARITY_THRESHOLD.embedding);
  });
});

describe("tfidfIndex", () => {
  it("gives the same cosines as tfidfCosine with the same corpus", async () => {
    const { tfidfIndex } = await import("./tfidf-index");
    const texts = ["the cat sat on the mat", "a cat sat on a mat", "dogs bark loudly", ""];
    const idx = tfidfIndex(texts);
    for (const [a, b] of [
      [0, 1],
      [0, 2],
      [1, 2],
    ] as const) {
      expect(idx.cosine(a, b)).toBeCloseTo(
        tfidfCosine(
          texts[a]!,
          texts[b]!,
          texts.filter((_, i) => i !== a && i !== b),
        ),
        10,
      );
    }
    expect(idx.cosine(3, 3)).toBe(1);
    expect(idx.cosine(0, 3)).toBe(0);
  });
});
