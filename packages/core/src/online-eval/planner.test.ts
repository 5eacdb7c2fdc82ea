import { describe, expect, it } from "vitest";
import { withPlannedRate } from "./planner";

describe("withPlannedRate", () => {
  const always = { errors: true, latencyOverMs: null, outputPattern: null, negativeFeedback: true };
  it("moves each stratum by the base rate's factor, capped at 1", () => {
    const s = {
      rate: 0.1,
      strata: {
        field: "model",
        rates: [
          { value: "rare", rate: 0.5 },
          { value: "busy", rate: 0.02 },
        ],
      },
      always,
    };
    const out = withPlannedRate(s, 0.3);
    expect(out.rate).toBe(0.3);
    expect(out.strata!.rates).toEqual([
      { value: "rare", rate: 1 },
      { value: "busy", rate: 0.06 },
    ]);
    expect(out.always).toBe(always);
    expect(s.rate).toBe(0.1); // the input is not changed
    expect(withPlannedRate(s, 0.05).strata!.rates.map((r) => r.rate)).toEqual([0.25, 0.01]);
  });
  it("keeps the strata of a rule that sampled no ordinary traffic, and rules without strata", () => {
    const strata = { field: "model", rates: [{ value: "rare", rate: 1 }] };
    expect(withPlannedRate({ rate: 0, strata, always }, 0.2)).toEqual({ rate: 0.2, strata, always });
    expect(withPlannedRate({ rate: 0.5, strata: null, always }, 0.2)).toEqual({ rate: 0.2, strata: null, always });
  });
});
