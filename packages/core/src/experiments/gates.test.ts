import { describe, expect, it } from "vitest";
import { createRunAggregator } from "./aggregate";
import { experimentSummary } from "./gates";
import { config, grader, rec } from "./test-fixtures";

function run(graders: ReturnType<typeof grader>[], cases: Parameters<typeof rec>[0][], arms = 1) {
  const cfg = config(graders, arms);
  const agg = createRunAggregator(cfg);
  for (const c of cases) agg.add(rec(c));
  return { cfg, arms: agg.result() };
}
const pass = { score: 1, passed: true };
const fail = { score: 0, passed: false };

describe("gates and verdict", () => {
  it("golden must pass 100% by default: one failing golden case fails the run and is named", () => {
    const { cfg, arms } = run(
      [grader("exact")],
      [
        { itemKey: "g1", partition: "golden" },
        { itemKey: "g2", partition: "golden", graders: [fail] },
        { itemKey: "d1", graders: [fail] },
      ],
    );
    const s = experimentSummary(arms, cfg, { goldenMustPass: true });
    expect(s.verdict).toBe("FAIL");
    expect(s.arms[0]!.gates).toEqual([
      expect.objectContaining({
        gate: "golden",
        passed: false,
        actual: 0.5,
        failedCaseCount: 1,
        failedCases: [{ itemKey: "g2", repeat: 0 }],
      }),
    ]);
    expect(s.reasons).toEqual(["support v1: golden partition must pass 100% — got 50%; 1 case(s) failed (g2)"]);
    // Turned off per project: no gate, and a failing distribution case alone does not fail the run.
    expect(experimentSummary(arms, cfg, { goldenMustPass: false })).toMatchObject({ verdict: "PASS", reasons: [] });
  });

  it("a grader threshold on pass rate or mean score; errored cases count as failures", () => {
    const cases = [
      { itemKey: "a", graders: [pass, { score: 0.9, passed: true }] },
      { itemKey: "b", graders: [pass, { score: 0.7, passed: true }] },
      { itemKey: "c", graders: [fail, { score: 0.8, passed: true }] },
      { itemKey: "d", error: true, graders: [] },
    ];
    const ok = run([grader("exact", 0.5), grader("judge", 0.8, "meanScore")], cases);
    const s = experimentSummary(ok.arms, ok.cfg, { goldenMustPass: true });
    // exact: 2 of 4 pass (the error counts as failed) = 0.5 ≥ 0.5; judge: mean of 3 scores = 0.8 ≥ 0.8.
    expect(s.arms[0]!.gates.map((g) => [g.description, g.actual, g.passed])).toEqual([
      ["exact v1: pass rate ≥ 50%", 0.5, true],
      ["judge v1: mean score ≥ 0.8", expect.closeTo(0.8, 12), true],
    ]);
    expect(s.verdict).toBe("PASS");
    const strict = run([grader("exact", 0.75)], cases);
    const f = experimentSummary(strict.arms, strict.cfg, { goldenMustPass: true });
    expect(f.verdict).toBe("FAIL");
    expect(f.arms[0]!.gates[0]).toMatchObject({
      failedCaseCount: 2,
      failedCases: [{ itemKey: "c" }, { itemKey: "d" }],
    });
    expect(f.reasons[0]).toBe("support v1: exact v1: pass rate ≥ 75% — got 50%; 2 case(s) failed (c, d)");
  });

  it("an arm where every case errored fails, and one failing arm fails the run", () => {
    const { cfg, arms } = run(
      [grader("exact")],
      [
        { itemKey: "a", arm: 0 },
        { itemKey: "a", arm: 1, error: true, graders: [] },
      ],
      2,
    );
    const s = experimentSummary(arms, cfg, { goldenMustPass: true });
    expect(s.arms.map((a) => a.verdict)).toEqual(["PASS", "FAIL"]);
    expect(s.verdict).toBe("FAIL");
    expect(s.reasons).toEqual(["support v2: no case produced an output (1 errors)"]);
  });
});
