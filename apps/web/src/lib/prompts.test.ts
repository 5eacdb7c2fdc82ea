import { describe, expect, it } from "vitest";
import { draftVariables, labelTone, safeParts } from "./prompts";

describe("prompt drafts", () => {
  it("collects variables once, in order of appearance, across templates", () => {
    expect(draftVariables(["You help {{company}} customers.", "Q: {{question}} ({{company}})"])).toEqual({
      variables: ["company", "question"],
      error: null,
    });
  });

  it("reports the first syntax error and keeps the variables of the templates that parse", () => {
    const r = draftVariables(["{{a}}", "{{broken", "{{b}}"]);
    expect(r.variables).toEqual(["a", "b"]);
    expect(r.error).toEqual(expect.any(String));
  });

  it("shows an unparseable template as raw text", () => {
    expect(safeParts("{{broken")).toBeNull();
    expect(safeParts("Hi {{name}}")).toEqual(
      expect.arrayContaining([expect.objectContaining({ type: "var", name: "name" })]),
    );
  });

  it("colours production green, staging amber, others violet", () => {
    expect([labelTone("production"), labelTone("staging"), labelTone("canary")]).toEqual(["green", "amber", "violet"]);
  });
});
