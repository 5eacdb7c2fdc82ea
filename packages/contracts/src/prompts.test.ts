import { describe, expect, it } from "vitest";
import { ZPromptLabelName, ZPromptName, ZPromptVersionInput, versionVariables } from "./prompts";

describe("prompt schemas", () => {
  it("validates names and labels", () => {
    expect(ZPromptName.safeParse("support.answer-v2_x").success).toBe(true);
    expect(ZPromptName.safeParse("has space").success).toBe(false);
    expect(ZPromptName.safeParse("a".repeat(101)).success).toBe(false);
    expect(ZPromptLabelName.safeParse("staging").success).toBe(true);
    expect(ZPromptLabelName.safeParse("latest").success).toBe(false);
    expect(ZPromptLabelName.safeParse("Prod").success).toBe(false);
  });

  it("rejects template syntax errors, unknown params and duplicate tools with paths", () => {
    const r = ZPromptVersionInput.safeParse({
      system: "Hi {{ bad name }}",
      messages: [{ role: "user", content: "{{q}}" }],
      model: "m",
      params: { temperature: 0.2, top_k: 3 },
      tools: [
        { name: "t", inputSchema: { type: "object" } },
        { name: "t", inputSchema: { type: "object" } },
      ],
      commitMessage: "x",
    });
    expect(r.success).toBe(false);
    const paths = r.error!.issues.map((i) => i.path.join("."));
    expect(paths).toEqual(expect.arrayContaining(["system", "params", "tools"]));
  });

  it("defaults and extracts variables", () => {
    const v = ZPromptVersionInput.parse({
      messages: [{ role: "user", content: "{{a}} {{b}}" }],
      model: "m",
      commitMessage: "init",
    });
    expect(v).toMatchObject({ system: null, params: {}, tools: null });
    expect(versionVariables(v)).toEqual(["a", "b"]);
  });
});
