import { ZOnlineSampling } from "@yardstick/contracts/online-evals";
import { describe, expect, it } from "vitest";
import { decideSample, primaryPromptVersion, sampleUnit, type TSamplingFacts } from "./sampling";

const facts = (id: string, over: Partial<TSamplingFacts> = {}): TSamplingFacts => ({
  id,
  hasError: false,
  latencyMs: 100,
  models: ["claude-haiku-4-5"],
  prompts: [],
  tags: [],
  name: "chat",
  environment: "production",
  release: null,
  outputText: "fine",
  negativeFeedback: false,
  ...over,
});
const S = (raw: unknown) => ZOnlineSampling.parse(raw);
const ids = Array.from({ length: 100_000 }, (_, i) => `trace-${i}`);

describe("sampleUnit", () => {
  it("is deterministic and uniform on [0, 1)", () => {
    expect(sampleUnit("salt", "t1")).toBe(sampleUnit("salt", "t1"));
    const buckets = new Array(10).fill(0);
    for (const id of ids) buckets[Math.floor(sampleUnit("a", id) * 10)]++;
    for (const b of buckets) expect(Math.abs(b - 10_000)).toBeLessThan(500); // ±5σ ≈ ±474
  });
});

describe("decideSample", () => {
  it("re-runs pick the same traces", () => {
    const s = S({ rate: 0.1 });
    const a = ids.slice(0, 5000).filter((id) => decideSample(s, "salt-1", facts(id)).sampled);
    const b = ids.slice(0, 5000).filter((id) => decideSample(s, "salt-1", facts(id)).sampled);
    expect(a).toEqual(b);
  });

  it("two rules at 10% with their own salts overlap on ≈1% of traffic, not 10%", () => {
    const s = S({ rate: 0.1 });
    let one = 0;
    let two = 0;
    let both = 0;
    for (const id of ids) {
      const a = decideSample(s, "rule-a-salt", facts(id)).sampled;
      const b = decideSample(s, "rule-b-salt", facts(id)).sampled;
      one += +a;
      two += +b;
      both += +(a && b);
    }
    expect(Math.abs(one / ids.length - 0.1)).toBeLessThan(0.005);
    expect(Math.abs(two / ids.length - 0.1)).toBeLessThan(0.005);
    // Independent: 1% ± ~5σ (σ = sqrt(0.01·0.99/1e5) ≈ 0.0003)
    expect(Math.abs(both / ids.length - 0.01)).toBeLessThan(0.0016);
  });

  it("stratum rates are hit within tolerance and small strata are covered", () => {
    const s = S({
      rate: 0.02,
      strata: {
        field: "model",
        rates: [
          { value: "big-model", rate: 0.05 },
          { value: "rare-model", rate: 0.5 },
        ],
      },
    });
    const counts = { big: [0, 0], rare: [0, 0], other: [0, 0] };
    ids.forEach((id, i) => {
      const model = i % 100 === 0 ? "rare-model" : i % 2 ? "big-model" : "other-model";
      const k = model === "rare-model" ? "rare" : model === "big-model" ? "big" : "other";
      const d = decideSample(s, "strat", facts(id, { models: [model] }));
      counts[k][0]!++;
      counts[k][1]! += +d.sampled;
      expect(d.inclusionProb).toBe(k === "rare" ? 0.5 : k === "big" ? 0.05 : 0.02);
      expect(d.stratum).toBe(k === "other" ? "(other)" : model);
    });
    const rate = (k: keyof typeof counts) => counts[k][1]! / counts[k][0]!;
    expect(Math.abs(rate("big") - 0.05)).toBeLessThan(0.005);
    expect(Math.abs(rate("rare") - 0.5)).toBeLessThan(0.08); // 1000 traces: σ ≈ 0.016
    expect(Math.abs(rate("other") - 0.02)).toBeLessThan(0.004);
  });

  it("always-sample rules judge errors, slow traces, pattern matches and negative feedback with π = 1", () => {
    const s = S({
      rate: 0,
      always: { errors: true, latencyOverMs: 5000, outputPattern: "I (can't|cannot) help", negativeFeedback: true },
    });
    expect(decideSample(s, "x", facts("a"))).toMatchObject({ sampled: false, inclusionProb: 0 });
    expect(decideSample(s, "x", facts("b", { hasError: true }))).toMatchObject({
      sampled: true,
      inclusionProb: 1,
      sampledBy: "always:error",
    });
    expect(decideSample(s, "x", facts("c", { latencyMs: 6000 })).sampledBy).toBe("always:latency");
    expect(decideSample(s, "x", facts("d", { outputText: "Sorry, I can't help" })).sampledBy).toBe("always:pattern");
    expect(decideSample(s, "x", facts("e", { negativeFeedback: true })).sampledBy).toBe("always:feedback");
  });

  it("rejects rates outside [0, 1] naming the field", () => {
    const r = ZOnlineSampling.safeParse({ rate: 1.5 });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.path).toEqual(["rate"]);
    const s = ZOnlineSampling.safeParse({ rate: 0.1, strata: { field: "tag", rates: [{ value: "vip", rate: -0.1 }] } });
    expect(s.error!.issues[0]!.path).toEqual(["strata", "rates", 0, "rate"]);
  });

  it("labels a trace's prompt version", () => {
    expect(primaryPromptVersion(["support", "support\u001f3"])).toBe("support v3");
    expect(primaryPromptVersion(["support"])).toBeNull();
  });
});
