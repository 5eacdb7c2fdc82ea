import { readFileSync } from "node:fs";
import { describe, expect, it, vi } from "vitest";
import type { TExperimentConfig } from "@yardstick/contracts/online-experiments";
import { ExperimentClient, evaluateLocally, hashV2 } from "./experiments";

// The SDK's copy of the GrowthBook hash must agree with GrowthBook's published cases (the same
// file @yardstick/core/assignment is tested on), so local evaluation matches the server.
const cases = JSON.parse(
  readFileSync(new URL("../../core/src/assignment/__fixtures__/growthbook-cases.json", import.meta.url), "utf8"),
) as { hash: Array<[string, string, number, number | null]> };

const config = (over: Partial<TExperimentConfig> = {}): TExperimentConfig => ({
  key: "tone",
  id: "exp1",
  status: "running",
  mode: "fixed",
  unitType: "userId",
  unitAttribute: null,
  coverage: 1,
  seed: "tone",
  bucketVersion: 0,
  hashVersion: 2,
  allocationVersion: 1,
  configVersion: 1,
  controlKey: "a",
  shippedVariantKey: null,
  variants: [
    { key: "a", name: "A", model: null, promptVersion: null, weight: 0.5 },
    { key: "b", name: "B", model: null, promptVersion: null, weight: 0.5 },
  ],
  ...over,
});

describe("local evaluation", () => {
  it("hash v2 matches GrowthBook's cases", () => {
    const v2 = cases.hash.filter((c) => c[2] === 2);
    expect(v2.length).toBeGreaterThan(3);
    for (const [seed, value, , expected] of v2) expect(hashV2(seed, value)).toBe(expected);
  });

  it("splits by weight, respects coverage, and is deterministic", () => {
    const counts = [0, 0];
    let outside = 0;
    for (let i = 0; i < 4000; i++) {
      const idx = evaluateLocally(config({ coverage: 0.5 }), `u-${i}`);
      if (idx < 0) outside++;
      else counts[idx]!++;
      expect(evaluateLocally(config({ coverage: 0.5 }), `u-${i}`)).toBe(idx);
    }
    expect(outside / 4000).toBeGreaterThan(0.45);
    expect(outside / 4000).toBeLessThan(0.55);
    expect(counts[0]! / (counts[0]! + counts[1]!)).toBeGreaterThan(0.45);
  });

  it("answers the control, never an error, when the server is unreachable", async () => {
    const onError = vi.fn();
    const client = new ExperimentClient({
      baseUrl: "http://127.0.0.1:9",
      apiKey: "k",
      timeoutMs: 50,
      mode: "remote",
      fetch: () => Promise.reject(new Error("ECONNREFUSED")),
      onError,
    });
    const v = await client.getVariant("tone", { id: "u" });
    expect(v).toMatchObject({ variant: "control", inExperiment: false, assignmentId: null, source: "fallback" });
    expect(onError).toHaveBeenCalledOnce();
  });
});
