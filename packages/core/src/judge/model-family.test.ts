import { describe, expect, it } from "vitest";
import { modelFamily, sameFamilyWarning } from "./model-family";

describe("modelFamily", () => {
  it.each([
    ["claude-sonnet-4-5", "claude"],
    ["anthropic/claude-3-haiku", "claude"],
    ["us.anthropic.claude-3-5-sonnet-20241022-v2:0", "claude"],
    ["gpt-4o-mini", "gpt"],
    ["openai/gpt-4.1", "gpt"],
    ["ft:gpt-3.5-turbo:acme::abc", "gpt"],
    ["o3-mini", "gpt"],
    ["o1", "gpt"],
    ["gemini-2.5-pro", "gemini"],
    ["models/gemini-1.5-flash", "gemini"],
    ["gemma-2-9b-it", "gemma"],
    ["meta-llama/Llama-3.1-8B-Instruct", "llama"],
    ["llama3.2:3b", "llama"],
    ["mistral-large-latest", "mistral"],
    ["mixtral-8x7b", "mistral"],
    ["Qwen/Qwen2.5-7B-Instruct", "qwen"],
    ["deepseek-chat", "deepseek"],
    ["grok-3", "grok"],
    ["command-r-plus", "command"],
    ["phi-3-mini", "phi"],
    ["my-local-model", null],
    ["octopus", null],
  ])("%s → %s", (model, family) => {
    expect(modelFamily(model)).toBe(family);
  });
});

describe("sameFamilyWarning", () => {
  it("warns for the same family, not across families", () => {
    expect(sameFamilyWarning("claude-opus-4-1", "claude-3-5-haiku")).toMatch(/both claude models.*self-preference/);
    expect(sameFamilyWarning("gpt-4o", "claude-sonnet-4-5")).toBeNull();
    expect(sameFamilyWarning("my-model", "other-model")).toBeNull();
    expect(sameFamilyWarning("my-model", "My-Model")).toMatch(/the same model/);
  });
});
