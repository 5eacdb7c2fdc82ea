import { describe, expect, it } from "vitest";
import { MAX_INGEST_JSON_DEPTH, ZIngestionEvent } from "./ingest";

const ev = (body: Record<string, unknown>) => ({
  id: "e1",
  timestamp: "2026-12-02T08:00:00.000Z",
  type: "trace-create",
  body,
});

describe("ZIngestionEvent and U+0000", () => {
  it("refuses a NUL in any string value or key, naming its path", () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ name: "a\u0000b" }, "body.name"],
      [{ input: { messages: [{ content: "ok" }, { content: "x\u0000" }] } }, "body.input.messages.1.content"],
      [{ metadata: { "k\u0000": 1 } }, "body.metadata.k\u0000"],
    ];
    for (const [body, path] of cases) {
      const r = ZIngestionEvent.safeParse(ev(body));
      expect(r.success).toBe(false);
      expect(r.error!.issues.map((i) => i.path.join("."))).toContain(path);
    }
  });

  it("accepts ordinary text, the escaped form as literal text, and cyclic raw values without looping", () => {
    expect(ZIngestionEvent.safeParse(ev({ name: "fine", input: { q: "\\u0000 is just text" } })).success).toBe(true);
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    expect(ZIngestionEvent.safeParse(ev({ input: cyclic })).success).toBe(true);
  });
});

const issuesOf = (event: unknown) => {
  const r = ZIngestionEvent.safeParse(event);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
};
const nest = (levels: number): unknown => (levels === 0 ? "x" : [nest(levels - 1)]);

describe("ZIngestionEvent refuses what Postgres cannot store, naming the field", () => {
  it("a lone UTF-16 surrogate in any string value or key, envelope included", () => {
    const cases: Array<[unknown, string]> = [
      [ev({ output: "an emoji cut in two \ud83d" }), "body.output: lone surrogate"],
      [
        ev({ input: { messages: [{ content: "\udc00 leading low half" }] } }),
        "body.input.messages.0.content: lone surrogate",
      ],
      [ev({ metadata: { "k\ud800": 1 } }), "body.metadata.k\ud800: lone surrogate"],
      [ev({ name: "reversed \ude00\ud83d pair" }), "body.name: lone surrogate"],
      [{ ...ev({}), id: "e\ud800" }, "id: lone surrogate"],
      [{ ...ev({}), metadata: { source: "\udfff" } }, "metadata.source: lone surrogate"],
    ];
    for (const [event, expected] of cases) expect(issuesOf(event).join("; ")).toContain(expected);
    expect(issuesOf(ev({ output: "whole pairs are fine: 😀 𝄞", tags: ["🎉"] }))).toEqual([]);
  });

  it("a NUL in the envelope (id, metadata keys and values), not only in the body", () => {
    expect(issuesOf({ ...ev({}), id: "e\u0000" })).toEqual([expect.stringMatching(/^id: contains a NUL/)]);
    expect(issuesOf({ ...ev({}), metadata: { "a\u0000": 1 } })[0]?.startsWith("metadata.a\u0000: contains a NUL")).toBe(
      true,
    );
    expect(issuesOf({ ...ev({}), metadata: { a: ["x\u0000"] } })[0]).toMatch(/^metadata\.a\.0: contains a NUL/);
  });

  it(`objects nested up to ${MAX_INGEST_JSON_DEPTH} levels deep are stored; deeper is refused, even 100,000 deep`, () => {
    // the event is level 1, its body level 2, body.input level 3
    expect(issuesOf(ev({ input: nest(MAX_INGEST_JSON_DEPTH - 2) }))).toEqual([]);
    const [issue] = issuesOf(ev({ input: nest(MAX_INGEST_JSON_DEPTH - 1) }));
    expect(issue).toMatch(/^body\.input(\.0)+: nested deeper than 64 levels/);
    let deep: unknown = {};
    for (let i = 0; i < 100_000; i++) deep = { a: deep };
    expect(issuesOf(ev({ metadata: { deep } }))[0]).toMatch(/^body\.metadata\.deep(\.a)+: nested deeper/);
  });

  it("timestamps must fall in years 1-9999 in UTC, where an offset can carry them past either end", () => {
    const at = (timestamp: string) => issuesOf(ev({ timestamp }));
    expect(at("0001-01-01T00:00:00Z")).toEqual([]);
    expect(at("9999-12-31T23:59:59.999Z")).toEqual([]);
    expect(at("0000-12-31T23:00:00-02:00")).toEqual([]); // 0001-01-01T01:00Z
    for (const bad of ["0000-01-01T00:00:00Z", "0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-05:00"]) {
      expect(at(bad)).toEqual(["body.timestamp: must lie in years 1-9999 (UTC)"]);
    }
    expect(issuesOf({ ...ev({}), timestamp: "0000-06-01T00:00:00Z" })).toEqual([
      "timestamp: must lie in years 1-9999 (UTC)",
    ]);
  });
});
