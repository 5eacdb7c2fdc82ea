import { describe, expect, it } from "vitest";
import { promptVersionHref } from "./prompt-link";

describe("promptVersionHref", () => {
  const prompts = [
    { id: "p1", name: "support-reply" },
    { id: "p2", name: "summarise" },
  ];
  it("links a prompt name and version to that version's page", () => {
    expect(promptVersionHref("proj", prompts, "summarise", 3)).toBe("/projects/proj/prompts/p2?v=3");
  });
  it("links to the prompt when no version was recorded", () => {
    expect(promptVersionHref("proj", prompts, "support-reply", null)).toBe("/projects/proj/prompts/p1");
  });
  it("gives no link for a prompt this project does not have", () => {
    expect(promptVersionHref("proj", prompts, "gone", 1)).toBeNull();
  });
});
