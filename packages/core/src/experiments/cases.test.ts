import { describe, expect, it } from "vitest";
import { caseAt, caseIndex, chunkCases, promptVariablesOf } from "./cases";
import { gradeCacheMaterial, outputCacheMaterial } from "./cache-key";

describe("case list", () => {
  it("enumerates item × arm × repeat item-major, and caseIndex inverts caseAt", () => {
    // 2 arms × 3 repeats = 6 cases per item.
    expect(caseAt(0, 2, 3)).toEqual({ itemIndex: 0, arm: 0, repeat: 0 });
    expect(caseAt(4, 2, 3)).toEqual({ itemIndex: 0, arm: 1, repeat: 1 });
    expect(caseAt(6, 2, 3)).toEqual({ itemIndex: 1, arm: 0, repeat: 0 });
    for (let i = 0; i < 60; i++) expect(caseIndex(caseAt(i, 2, 3), 2, 3)).toBe(i);
  });

  it("a chunk names its cases and the contiguous items they need, clipped to the run", () => {
    const run = { totalCases: 10 * 2 * 3, arms: 2, repeats: 3 };
    const c = chunkCases({ offset: 5, limit: 8 }, run);
    expect(c.cases).toHaveLength(8);
    expect(c.firstItem).toBe(0);
    expect(c.itemCount).toBe(3); // cases 5..12 → items 0, 1, 2
    const last = chunkCases({ offset: 55, limit: 100 }, run);
    expect(last.cases).toHaveLength(5);
    expect(last).toMatchObject({ firstItem: 9, itemCount: 1 });
    expect(chunkCases({ offset: 60, limit: 10 }, run).cases).toEqual([]);
  });

  it("template variables: an object's keys (plus the raw input), or {{input}}", () => {
    expect(promptVariablesOf({ question: "q" })).toEqual({ question: "q", input: '{"question":"q"}' });
    expect(promptVariablesOf({ input: "x", y: 1 })).toEqual({ input: "x", y: 1 });
    expect(promptVariablesOf("hello")).toEqual({ input: "hello" });
    expect(promptVariablesOf([1, 2])).toEqual({ input: "[1,2]" });
  });
});

describe("cache keys", () => {
  const base = {
    model: "m",
    params: { maxTokens: 10 },
    system: "s",
    messages: [{ role: "user", content: "{{q}}" }],
    tools: null,
    input: { q: 1, r: 2 },
    repeat: 0,
  };
  it("are canonical: key order does not matter, every part does", () => {
    expect(outputCacheMaterial({ ...base, input: { r: 2, q: 1 } })).toBe(outputCacheMaterial(base));
    for (const change of [
      { model: "m2" },
      { params: { maxTokens: 11 } },
      { system: "t" },
      { input: { q: 1 } },
      { repeat: 1 },
    ]) {
      expect(outputCacheMaterial({ ...base, ...change })).not.toBe(outputCacheMaterial(base));
    }
    const g = { config: { type: "exact_match" }, output: "o", input: 1, expected: "e", context: null };
    expect(gradeCacheMaterial(g)).not.toBe(gradeCacheMaterial({ ...g, output: "p" }));
    expect(gradeCacheMaterial(g)).not.toBe(outputCacheMaterial(base));
  });
});
