import { ZOnlineEvalMapping } from "@yardstick/contracts/online-evals";
import { describe, expect, it } from "vitest";
import { mapGradeInput, mappingNeedsObservation, resolvePath } from "./mapping";

const src = {
  trace: { input: { q: "hi" }, output: "hello", metadata: { expected: { text: "hello" }, n: 3 } },
  observation: { input: [{ role: "user", content: "hi" }], output: "obs out", metadata: null },
};

describe("mapGradeInput", () => {
  it("resolves trace, metadata and observation paths; JSON for non-strings", () => {
    const m = ZOnlineEvalMapping.parse({
      input: "trace.input",
      output: "observation.output",
      expected: "trace.metadata.expected.text",
      context: "trace.metadata.n",
    });
    expect(mapGradeInput(m, src)).toEqual({ input: { q: "hi" }, output: "obs out", expected: "hello", context: "3" });
    expect(mappingNeedsObservation(m)).toBe(true);
    expect(mappingNeedsObservation(ZOnlineEvalMapping.parse({}))).toBe(false);
  });

  it("a missing path is absent, never a crash", () => {
    expect(resolvePath("trace.metadata.nope.deeper", src)).toBeUndefined();
    expect(resolvePath("observation.output", { ...src, observation: null })).toBeUndefined();
    const m = ZOnlineEvalMapping.parse({ output: "trace.metadata.missing" });
    expect(mapGradeInput(m, src).output).toBe("");
  });

  it("refuses a path outside trace/observation input, output, metadata, naming the field", () => {
    const r = ZOnlineEvalMapping.safeParse({ output: "process.env.SECRET" });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.path).toEqual(["output"]);
  });
});
