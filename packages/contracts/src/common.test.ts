import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ZCreateApiKeyInput, ZEmail, ZName, ZSignUpInput } from "./common";

const fieldErrors = (r: { success: boolean; error?: z.ZodError }): Record<string, string[] | undefined> =>
  r.error ? z.flattenError(r.error).fieldErrors : {};

describe("input schemas", () => {
  it("normalises emails and names", () => {
    expect(ZEmail.parse("  Ada@Example.COM ")).toBe("ada@example.com");
    expect(ZName.parse("  Acme  ")).toBe("Acme");
  });

  it("names the failing fields with readable messages", () => {
    const r = ZSignUpInput.safeParse({ name: "", email: "nope", password: "short" });
    expect(r.success).toBe(false);
    expect(fieldErrors(r)).toEqual({
      name: ["Name is required"],
      email: ["Enter a valid email address"],
      password: ["Password must be at least 10 characters"],
    });
  });

  it("rejects unknown keys on sign-up", () => {
    const r = ZSignUpInput.safeParse({ name: "a", email: "a@b.co", password: "longenough", admin: true });
    expect(r.success).toBe(false);
  });

  it("API key scopes: at least one, known, no repeats", () => {
    expect(ZCreateApiKeyInput.safeParse({ name: "k", scopes: ["ingest", "read"] }).success).toBe(true);
    expect(fieldErrors(ZCreateApiKeyInput.safeParse({ name: "k", scopes: [] })).scopes).toEqual([
      "Choose at least one scope",
    ]);
    expect(ZCreateApiKeyInput.safeParse({ name: "k", scopes: ["root"] }).success).toBe(false);
    expect(fieldErrors(ZCreateApiKeyInput.safeParse({ name: "k", scopes: ["read", "read"] })).scopes).toEqual([
      "Scopes must not repeat",
    ]);
  });
});
