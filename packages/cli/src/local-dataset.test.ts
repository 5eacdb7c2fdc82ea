import { describe, expect, it } from "vitest";
import { type CliError } from "./errors";
import { checkJsonl } from "./local-dataset";
import { sampleJsonl } from "./sample";

const line = (o: unknown) => JSON.stringify(o);
const fail = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return (e as CliError).message;
  }
  throw new Error("expected an error");
};

describe("local JSONL", () => {
  it("reports the server's item rules with file, line and field", () => {
    const content = [line({ input: "a", expectedOutput: "b" }), line({ input: "a", expected: "b" })].join("\n");
    expect(fail(() => checkJsonl("data.jsonl", content)).split("\n")).toEqual([
      expect.stringMatching(/^data\.jsonl:2: expected: unknown field/),
      "data.jsonl:2: expectedOutput: missing required field (use null for reference-free grading)",
    ]);
  });

  it("requires every variable the prompt uses (a renamed column fails, {{input}} is always there)", () => {
    const content = [
      line({ input: { question: "q", tone: "x" }, expectedOutput: null }),
      line({ input: { query: "q" }, expectedOutput: null }),
      line({ input: "plain", expectedOutput: null }),
    ].join("\n");
    expect(fail(() => checkJsonl("d.jsonl", content, ["question", "input"])).split("\n")).toEqual([
      "d.jsonl:2: input.question: missing required field (the prompt uses {{question}})",
      "d.jsonl:3: input.question: missing required field (the prompt uses {{question}})",
    ]);
    expect(checkJsonl("d.jsonl", content, ["input"])).toHaveLength(3);
  });
});

describe("sampleJsonl", () => {
  const file = Array.from({ length: 100 }, (_, i) =>
    line({ id: `i${i}`, partition: i < 10 ? "golden" : undefined }),
  ).join("\n");
  it("is a seeded subset in file order: same seed same items, another seed others", () => {
    const a = sampleJsonl(file, 20, 1).trim().split("\n");
    expect(a).toHaveLength(20);
    expect(sampleJsonl(file, 20, 1).trim().split("\n")).toEqual(a);
    expect(sampleJsonl(file, 20, 2).trim().split("\n")).not.toEqual(a);
    const ids = a.map((l) => Number((JSON.parse(l) as { id: string }).id.slice(1)));
    expect(ids).toEqual([...ids].sort((x, y) => x - y));
  });
  it("keeps everything when asked for more, and filters partitions first", () => {
    expect(sampleJsonl(file, 500, 1).trim().split("\n")).toHaveLength(100);
    expect(sampleJsonl(file, 50, 1, ["golden"]).trim().split("\n")).toHaveLength(10);
  });
});
