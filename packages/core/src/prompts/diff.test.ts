import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applyDiff, diffLines, diffPromptVersions } from "./diff";

describe("diffLines", () => {
  it("marks added, removed and equal lines with line numbers on each side", () => {
    expect(diffLines("a\nb\nc", "a\nx\nc\nd")).toEqual([
      { type: "equal", left: 1, right: 1, text: "a" },
      { type: "added", right: 2, text: "x" },
      { type: "removed", left: 2, text: "b" },
      { type: "equal", left: 3, right: 3, text: "c" },
      { type: "added", right: 4, text: "d" },
    ]);
    expect(diffLines("", "")).toEqual([]);
    expect(diffLines("", "a")).toEqual([{ type: "added", right: 1, text: "a" }]);
  });

  it("is minimal-length and reconstructs both sides (property)", () => {
    const lines = fc.array(fc.constantFrom("a", "b", "c", "d"), { maxLength: 12 }).map((l) => l.join("\n"));
    fc.assert(
      fc.property(lines, lines, (a, b) => {
        const rows = diffLines(a, b);
        expect(applyDiff(rows)).toBe(b);
        expect(
          rows
            .filter((r) => r.type !== "added")
            .map((r) => r.text)
            .join("\n"),
        ).toBe(a);
      }),
    );
  });
});

describe("diffPromptVersions", () => {
  const base = {
    system: "Be brief.",
    messages: [{ role: "user", content: "Q: {{q}}" }],
    model: "claude-haiku-4-5",
    params: { maxTokens: 100 },
    tools: null,
    variables: ["q"],
  };
  it("reports no change for equal versions (key order ignored)", () => {
    const d = diffPromptVersions(base, { ...base, params: { maxTokens: 100 } });
    expect(d.changed).toBe(false);
    expect(d.fields).toEqual([]);
  });

  it("lists field changes and line diffs", () => {
    const d = diffPromptVersions(base, {
      ...base,
      system: "Be brief.\nCite sources.",
      model: "claude-sonnet-5-5",
      messages: [{ role: "user", content: "Q: {{q}} in {{lang}}" }],
      variables: ["q", "lang"],
    });
    expect(d.changed).toBe(true);
    expect(d.fields.map((f) => f.field)).toEqual(["model", "variables"]);
    expect(d.system.filter((r) => r.type === "added").map((r) => r.text)).toEqual(["Cite sources."]);
    expect(d.messages.filter((r) => r.type !== "equal").map((r) => `${r.type}:${r.text}`)).toEqual([
      "added:Q: {{q}} in {{lang}}",
      "removed:Q: {{q}}",
    ]);
  });
});
