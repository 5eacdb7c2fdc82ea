import { createHmac } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { hmacHex, randomToken, safeEqualHex } from "./crypto";
import { resetServerEnv } from "./env";

describe("crypto helpers", () => {
  afterEach(() => {
    delete process.env.YARDSTICK_SECRET;
    resetServerEnv();
  });

  it("hmacHex is HMAC-SHA256 under the server secret, and changes with it", () => {
    process.env.YARDSTICK_SECRET = "first-secret-0123456789";
    resetServerEnv();
    const a = hmacHex("ys_value");
    expect(a).toBe(createHmac("sha256", "first-secret-0123456789").update("ys_value").digest("hex"));
    process.env.YARDSTICK_SECRET = "second-secret-0123456789";
    resetServerEnv();
    expect(hmacHex("ys_value")).not.toBe(a);
  });

  it("refuses to hash without a secret", () => {
    delete process.env.YARDSTICK_SECRET;
    delete process.env.AUTH_SECRET;
    resetServerEnv();
    expect(() => hmacHex("x")).toThrow(/YARDSTICK_SECRET or AUTH_SECRET/);
  });

  it("randomToken carries the requested entropy and never repeats", () => {
    const tokens = new Set(Array.from({ length: 1000 }, () => randomToken(32)));
    expect(tokens.size).toBe(1000);
    for (const t of tokens) expect(Buffer.from(t, "base64url")).toHaveLength(32);
  });

  it("safeEqualHex compares in constant time and handles length mismatch", () => {
    expect(safeEqualHex("abcd", "abcd")).toBe(true);
    expect(safeEqualHex("abcd", "abce")).toBe(false);
    expect(safeEqualHex("abcd", "abcdef")).toBe(false);
  });
});
