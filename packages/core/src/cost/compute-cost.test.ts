import { describe, expect, it } from "vitest";
import {
  computeCost,
  createPriceResolver,
  DEFAULT_MODEL_PRICES,
  matchPatternProblem,
  resolveModelPrice,
} from "./index";

const at = new Date("2026-11-01T00:00:00Z");

describe("model prices", () => {
  it("resolves the shipped defaults by anchored pattern, with date suffixes and provider prefixes", () => {
    expect(resolveModelPrice("claude-sonnet-4-6", at)?.modelName).toBe("claude-sonnet-4-6");
    expect(resolveModelPrice("claude-sonnet-4-5-20250929", at)?.modelName).toBe("claude-sonnet-4-5");
    expect(resolveModelPrice("anthropic.claude-haiku-4-5-20251001-v1:0", at)?.modelName).toBe("claude-haiku-4-5");
    expect(resolveModelPrice("gpt-4o-mini-2024-07-18", at)?.modelName).toBe("gpt-4o-mini");
    expect(resolveModelPrice("gpt-4o", at)?.modelName).toBe("gpt-4o");
    expect(resolveModelPrice("llama3:8b", at)).toBeUndefined();
  });

  it("no two defaults match the same model name", () => {
    for (const p of DEFAULT_MODEL_PRICES) {
      const hits = DEFAULT_MODEL_PRICES.filter((q) => new RegExp(q.matchPattern, "i").test(p.modelName));
      expect(hits.map((h) => h.modelName)).toEqual([p.modelName]);
    }
  });

  it("project rows beat defaults; newest effective row not after the call wins", () => {
    const project = [
      {
        modelName: "s",
        matchPattern: "^claude-sonnet-4-6$",
        inputPer1M: 2,
        outputPer1M: 10,
        cacheReadPer1M: null,
        cacheWritePer1M: null,
        effectiveFrom: "2026-01-01",
      },
      {
        modelName: "s2",
        matchPattern: "^claude-sonnet-4-6$",
        inputPer1M: 1,
        outputPer1M: 5,
        cacheReadPer1M: null,
        cacheWritePer1M: null,
        effectiveFrom: "2026-12-01",
      },
    ];
    expect(resolveModelPrice("claude-sonnet-4-6", at, project)?.modelName).toBe("s");
    expect(resolveModelPrice("claude-sonnet-4-6", new Date("2026-12-02"), project)?.modelName).toBe("s2");
    // before the project row took effect the global default applies
    const early = [{ ...project[0]!, effectiveFrom: "2026-10-01" }];
    expect(resolveModelPrice("claude-sonnet-4-6", new Date("2026-09-01"), early)?.modelName).toBe("claude-sonnet-4-6");
    expect(resolveModelPrice("claude-sonnet-4-6", new Date("2026-09-01"), early)?.inputPer1M).toBe(3);
  });

  it("createPriceResolver answers as resolveModelPrice does, repeat lookups included", () => {
    const project = [
      {
        modelName: "s",
        matchPattern: "^claude-sonnet-4-6$",
        inputPer1M: 2,
        outputPer1M: 10,
        cacheReadPer1M: null,
        cacheWritePer1M: null,
        effectiveFrom: "2026-10-15",
      },
      {
        modelName: "s-same-day",
        matchPattern: "sonnet",
        inputPer1M: 9,
        outputPer1M: 9,
        cacheReadPer1M: null,
        cacheWritePer1M: null,
        effectiveFrom: "2026-10-15",
      },
      {
        modelName: "late",
        matchPattern: "haiku",
        inputPer1M: 1,
        outputPer1M: 1,
        cacheReadPer1M: null,
        cacheWritePer1M: null,
        effectiveFrom: new Date("2026-12-01"),
      },
    ];
    const resolve = createPriceResolver(project);
    const models = [
      "claude-sonnet-4-6",
      "claude-sonnet-4-5",
      "claude-haiku-4-5",
      "gpt-4o",
      "llama3:8b",
      "claude-sonnet-4-6",
    ];
    const dates = ["2025-01-01", "2026-10-14", "2026-10-15", "2026-11-30", "2026-12-02"].map((d) => new Date(d));
    let resolved = 0;
    for (const m of models)
      for (const d of dates) {
        const want = resolveModelPrice(m, d, project);
        expect(resolve(m, d)?.modelName, `${m} at ${d.toISOString()}`).toBe(want?.modelName);
        if (want) resolved++;
      }
    expect(resolved).toBeGreaterThan(10);
    expect(resolve("claude-sonnet-4-6", new Date("2026-10-15"))?.modelName).toBe("s"); // tie: first row wins
    expect(resolve("claude-haiku-4-5", new Date("2026-12-02"))?.modelName).toBe("late");
  });

  it("prices each token kind once: claude-sonnet-4-6 at $3/$15, cache read $0.30, write $3.75", () => {
    const price = resolveModelPrice("claude-sonnet-4-6", at)!;
    const c = computeCost(
      { inputTokens: 1_000_000, outputTokens: 100_000, cacheReadTokens: 2_000_000, cacheWriteTokens: 400_000 },
      price,
    );
    expect(c.inputCost).toBeCloseTo(3, 12);
    expect(c.outputCost).toBeCloseTo(1.5, 12);
    expect(c.cacheReadCost).toBeCloseTo(0.6, 12);
    expect(c.cacheWriteCost).toBeCloseTo(1.5, 12);
    expect(c.totalCost).toBeCloseTo(6.6, 12);
  });

  it("missing usage costs nothing; a missing cache price falls back to the input price", () => {
    const price = {
      modelName: "x",
      matchPattern: "x",
      inputPer1M: 4,
      outputPer1M: 8,
      cacheReadPer1M: null,
      cacheWritePer1M: null,
      effectiveFrom: "2020-01-01",
    };
    expect(computeCost({}, price).totalCost).toBe(0);
    expect(computeCost({ cacheReadTokens: 500_000 }, price).cacheReadCost).toBeCloseTo(2, 12);
  });

  it("a backtracking-prone project pattern does not block: (a|a)*$ against 30 a's answers at once", () => {
    // With RegExp this lookup took ~40 s on the model name below, freezing the process.
    const row = (modelName: string, matchPattern: string) => ({
      modelName,
      matchPattern,
      inputPer1M: 1,
      outputPer1M: 1,
      cacheReadPer1M: null,
      cacheWritePer1M: null,
      effectiveFrom: "2026-01-01",
    });
    const model = "a".repeat(30) + "!";
    const t0 = performance.now();
    expect(resolveModelPrice(model, at, [row("nested", "^(a+)+$"), row("evil", "(a|a)*$")])?.modelName).toBe("evil");
    expect(performance.now() - t0).toBeLessThan(1000);
  });

  it("a stored pattern RE2 cannot run (saved before) matches nothing instead of failing", () => {
    const lookahead = {
      modelName: "la",
      matchPattern: "^claude(?=-sonnet)",
      inputPer1M: 1,
      outputPer1M: 1,
      cacheReadPer1M: null,
      cacheWritePer1M: null,
      effectiveFrom: "2026-01-01",
    };
    expect(resolveModelPrice("claude-sonnet-4-6", at, [lookahead])?.modelName).toBe("claude-sonnet-4-6");
    expect(matchPatternProblem("^claude(?=-sonnet)")?.reason).toMatch(/^lookahead .* not supported/);
    expect(matchPatternProblem("^(gpt|o)\\d")).toBeNull();
    expect(matchPatternProblem("([")?.kind).toBe("syntax");
  });
});
