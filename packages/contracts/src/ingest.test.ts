import { describe, expect, it } from "vitest";
import { ZIngestionEvent } from "./ingest";

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
