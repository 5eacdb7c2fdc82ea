import { describe, expect, it } from "vitest";
import { safeCallbackUrl, withCallbackUrl } from "./callback-url";

describe("safeCallbackUrl", () => {
  it("keeps same-site paths", () => {
    expect(safeCallbackUrl("/projects/p1/traces?range=1h")).toBe("/projects/p1/traces?range=1h");
    expect(safeCallbackUrl(["/invite/abc", "/other"])).toBe("/invite/abc");
  });

  it.each([
    ["https://evil.example/", "an absolute URL"],
    ["//evil.example/path", "a protocol-relative URL"],
    ["/\\evil.example", "a backslash URL browsers treat as protocol-relative"],
    ["javascript:alert(1)", "a script URL"],
    ["orgs", "a relative path"],
    ["", "nothing"],
  ])("falls back for %j (%s)", (raw) => {
    expect(safeCallbackUrl(raw)).toBe("/orgs");
    expect(safeCallbackUrl(raw, "/home")).toBe("/home");
  });

  it("falls back when absent", () => {
    expect(safeCallbackUrl(undefined)).toBe("/orgs");
    expect(safeCallbackUrl([])).toBe("/orgs");
  });
});

describe("withCallbackUrl", () => {
  it("adds the callback, encoded, unless it is the default", () => {
    expect(withCallbackUrl("/sign-in", "/invite/a b?x=1")).toBe("/sign-in?callbackUrl=%2Finvite%2Fa+b%3Fx%3D1");
    expect(withCallbackUrl("/sign-in", "/orgs")).toBe("/sign-in");
    expect(withCallbackUrl("/sign-in", undefined)).toBe("/sign-in");
  });
});
