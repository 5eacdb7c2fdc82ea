import { describe, expect, it } from "vitest";
import { CryptoBoxError, decryptSecret, encryptSecret, maskSecret } from "./crypto-box";

const SECRET = "server-secret-for-tests-0123456789";

function flipChar(s: string, i: number): string {
  const c = s[i] === "A" ? "B" : "A";
  return s.slice(0, i) + c + s.slice(i + 1);
}

describe("crypto box", () => {
  it("round-trips, with a fresh IV each time", () => {
    const a = encryptSecret("sk-ant-api-key-1234", SECRET, "project_1");
    const b = encryptSecret("sk-ant-api-key-1234", SECRET, "project_1");
    expect(a).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(a).not.toBe(b);
    expect(decryptSecret(a, SECRET, "project_1")).toBe("sk-ant-api-key-1234");
    expect(decryptSecret(encryptSecret("ünïcødé ✓", SECRET), SECRET)).toBe("ünïcødé ✓");
  });

  it("detects tampering with iv, tag or ciphertext", () => {
    const box = encryptSecret("sk-ant-api-key-1234", SECRET);
    const [v, iv, tag, ct] = box.split(".") as [string, string, string, string];
    for (const bad of [
      [v, flipChar(iv, 0), tag, ct],
      [v, iv, flipChar(tag, 0), ct],
      [v, iv, tag, flipChar(ct, 0)],
    ]) {
      expect(() => decryptSecret(bad.join("."), SECRET)).toThrow(CryptoBoxError);
    }
  });

  it("fails with the wrong secret or the wrong context", () => {
    const box = encryptSecret("k", SECRET, "project_1");
    expect(() => decryptSecret(box, `${SECRET}x`, "project_1")).toThrow(CryptoBoxError);
    expect(() => decryptSecret(box, SECRET, "project_2")).toThrow(CryptoBoxError);
  });

  it("rejects malformed boxes and short secrets", () => {
    expect(() => decryptSecret("v2.a.b.c", SECRET)).toThrow(CryptoBoxError);
    expect(() => decryptSecret("v1.a.b", SECRET)).toThrow(CryptoBoxError);
    expect(() => decryptSecret("v1.AAAA.AAAA.AAAA", SECRET)).toThrow(CryptoBoxError);
    expect(() => encryptSecret("k", "short")).toThrow(CryptoBoxError);
  });

  it("masks secrets for display", () => {
    expect(maskSecret("sk-ant-api03-abcdWXYZ")).toBe("••••WXYZ");
    expect(maskSecret("abc")).toBe("••••");
  });
});
