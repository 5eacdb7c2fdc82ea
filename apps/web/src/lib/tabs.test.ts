import { describe, expect, it } from "vitest";
import { pickTab } from "./tabs";

describe("pickTab", () => {
  const TABS = [{ id: "versions" }, { id: "labels" }] as const;
  it("keeps a known tab and falls back for unknown, missing or inherited names", () => {
    expect(pickTab(TABS, "labels", "versions")).toBe("labels");
    expect(pickTab(TABS, "diff", "versions")).toBe("versions");
    expect(pickTab(TABS, null, "versions")).toBe("versions");
    expect(pickTab(TABS, "constructor", "versions")).toBe("versions");
  });
});
