import { describe, expect, it, vi } from "vitest";
import { randomId, safeStringify, utf8Bytes } from "./serialize";

describe("serialize", () => {
  it("never throws on values JSON cannot encode", () => {
    const a: Record<string, unknown> = { n: 1n, err: new Error("boom") };
    a.self = a;
    expect(JSON.parse(safeStringify(a))).toEqual({
      n: "1",
      err: { name: "Error", message: "boom" },
      self: "[Circular]",
    });
    expect(safeStringify(undefined)).toBe("null");
    expect(safeStringify({ a: 1 })).toBe('{"a":1}');
  });

  it("counts UTF-8 bytes, not UTF-16 units", () => {
    expect(utf8Bytes("é€😀")).toBe(2 + 3 + 4);
  });

  it("makes v4 UUIDs with or without crypto.randomUUID", () => {
    const v4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    expect(randomId()).toMatch(v4);
    vi.stubGlobal("crypto", {});
    try {
      const ids = new Set(Array.from({ length: 100 }, randomId));
      expect(ids.size).toBe(100);
      for (const id of ids) expect(id).toMatch(v4);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
