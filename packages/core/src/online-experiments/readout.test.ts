import { describe, expect, it } from "vitest";
import { StatsInputError } from "../stats/errors";
import { sequentialCI } from "../stats/sequential";
import { welchTTest } from "../stats/t-tests";
import { analyzeOnlineExperiment, type AnalyzeOnlineInput, type MetricInput } from "./index";

const twoVariants = (exposuresC: number, exposuresB: number) => [
  { key: "control", isControl: true, exposures: exposuresC, expectedWeight: 0.5 },
  { key: "B", isControl: false, exposures: exposuresB, expectedWeight: 0.5 },
];

const thumbs = (c: [number, number], b: [number, number]): MetricInput => ({
  name: "thumbs-up rate",
  kind: "rate",
  higherIsBetter: true,
  perVariant: [
    { n: c[1], successes: c[0] },
    { n: b[1], successes: b[0] },
  ],
});

function sums(x: number[]): { n: number; sum: number; sumSquares: number } {
  return { n: x.length, sum: x.reduce((s, v) => s + v, 0), sumSquares: x.reduce((s, v) => s + v * v, 0) };
}

function argError(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(StatsInputError);
    return (e as StatsInputError).argument;
  }
  throw new Error("expected a StatsInputError");
}

describe("analyzeOnlineExperiment — primary rate", () => {
  const r = analyzeOnlineExperiment({
    variants: twoVariants(5000, 5050),
    primary: thumbs([1000, 5000], [1200, 5050]),
  });
  const c = r.primary.comparisons[0]!;

  it("matches the two-proportion z-test (scipy-style hand computation)", () => {
    // z = 4.56068183886869, p = 2·Φ(−|z|) = 5.098778665121101e-06 (scipy.stats.norm)
    expect(c.difference).toBeCloseTo(1200 / 5050 - 0.2, 15);
    expect(c.p).toBeCloseTo(5.098778665121101e-6, 15);
    expect(c.stdError).toBeCloseTo(0.00823850786656211, 15);
    expect(c.ci.lower).toBeCloseTo(0.02147658367142595, 12);
    expect(c.ci.upper).toBeCloseTo(0.05377094108104925, 12);
    expect(c.relative).toBeCloseTo((1200 / 5050 - 0.2) / 0.2, 12);
  });

  it("peek-safe numbers are the confidence sequence of the difference (wider than fixed-horizon)", () => {
    const cs = sequentialCI({ estimate: c.difference, stdError: c.stdError, n: 10050, nStar: 5000, alpha: 0.05 });
    expect(c.peekSafe.ci).toEqual({ lower: cs.ci[0], upper: cs.ci[1] });
    expect(c.peekSafe.p).toBe(cs.p);
    expect(c.peekSafe.ci.lower).toBeLessThan(c.ci.lower);
    expect(c.peekSafe.p).toBeGreaterThan(c.p);
  });

  it("per-variant Wilson intervals, SRM, ship verdict", () => {
    expect(r.primary.variants[0]).toMatchObject({ key: "control", n: 5000, estimate: 0.2 });
    expect(r.primary.variants[0]!.ci!.lower).toBeCloseTo(0.18914494391506548, 12);
    expect(r.srm!.flagged).toBe(false);
    expect(r.trustworthy).toBe(true);
    expect(r.decision).toBe("ship");
    expect(r.winner).toBe("B");
    expect(r.verdict).toBe(
      "B beats control on thumbs-up rate by +3.8 pts (peek-safe 95% CI +1.2 to +6.3); no guardrails set. Ship B.",
    );
  });
});

describe("analyzeOnlineExperiment — means (Welch from sums)", () => {
  const a = [0.2, 0.5, 0.9, 0.4, 0.7, 0.3, 0.8, 0.6];
  const b = [0.1, 0.3, 0.2, 0.5, 0.4, 0.35];
  it("matches scipy.stats.ttest_ind(equal_var=False) computed from the raw values", () => {
    const r = analyzeOnlineExperiment({
      variants: [
        { key: "control", isControl: true, exposures: 6, expectedWeight: 0.5 },
        { key: "B", isControl: false, exposures: 8, expectedWeight: 0.5 },
      ],
      primary: { name: "helpfulness", kind: "mean", higherIsBetter: true, perVariant: [sums(b), sums(a)] },
    });
    const c = r.primary.comparisons[0]!;
    // scipy 1.17: statistic 2.3144519649561044, pvalue 0.04005609977939836, df 11.4834, CI (0.013022678537964155, 0.47031065479536927)
    expect(c.p).toBeCloseTo(0.04005609977939836, 10);
    expect(c.ci.lower).toBeCloseTo(0.013022678537964155, 10);
    expect(c.ci.upper).toBeCloseTo(0.47031065479536927, 10);
    expect(c.p).toBeCloseTo(welchTTest(a, b).p, 12);
    // 14 units: the peek-safe interval is far wider and does not exclude 0 → keep running
    expect(c.outcome).toBe("inconclusive");
    expect(r.decision).toBe("keep_running");
    expect(r.verdict).toMatch(
      /^Not enough evidence yet: B vs control on helpfulness \+0\.242 \(peek-safe 95% CI −.* to \+.*\)\. Keep running\.$/,
    );
  });
});

describe("analyzeOnlineExperiment — decisions", () => {
  it("flags sample ratio mismatch (chi-square GOF, p < 0.001) → untrustworthy", () => {
    // scipy.stats.chisquare([5000, 5300]) → statistic 8.737864077669903, p 0.003116693839866867: not flagged
    const ok = analyzeOnlineExperiment({
      variants: twoVariants(5000, 5300),
      primary: thumbs([1000, 5000], [1200, 5300]),
    });
    expect(ok.srm!.chi2).toBeCloseTo(8.737864077669903, 10);
    expect(ok.srm!.p).toBeCloseTo(0.003116693839866867, 12);
    expect(ok.trustworthy).toBe(true);
    const bad = analyzeOnlineExperiment({
      variants: twoVariants(5000, 5500),
      primary: thumbs([1000, 5000], [1300, 5500]),
    });
    expect(bad.srm!.flagged).toBe(true);
    expect(bad.trustworthy).toBe(false);
    expect(bad.decision).toBe("untrustworthy");
    expect(bad.winner).toBeNull();
    expect(bad.verdict).toMatch(
      /^Sample ratio mismatch \(p = \d\.\de-\d+\): observed split 47\.6% \/ 52\.4% vs expected 50\.0% \/ 50\.0%\. Results untrustworthy until explained\.$/,
    );
  });

  it("guardrail significantly worse blocks shipping", () => {
    const latencyC = { n: 5000, sum: 5000, sumSquares: 5000 * (1 + 0.04) }; // mean 1.0 s, sd 0.2
    const latencyB = { n: 5050, sum: 5050 * 1.1, sumSquares: 5050 * (1.21 + 0.04) }; // mean 1.1 s
    const r = analyzeOnlineExperiment({
      variants: twoVariants(5000, 5050),
      primary: thumbs([1000, 5000], [1200, 5050]),
      guardrails: [{ name: "latency", kind: "mean", higherIsBetter: false, perVariant: [latencyC, latencyB] }],
    });
    expect(r.guardrails[0]!.failed).toBe(true);
    expect(r.guardrails[0]!.failedVariants).toEqual(["B"]);
    expect(r.guardrails[0]!.comparisons[0]!.outcome).toBe("worse");
    expect(r.decision).toBe("guardrail_failed");
    expect(r.verdict).toMatch(/but is worse on guardrail latency\. Don't ship B as is\.$/);
  });

  it("guardrail worse without a primary winner → guardrail_failed, stop the variant", () => {
    const r = analyzeOnlineExperiment({
      variants: twoVariants(5000, 5000),
      primary: thumbs([1000, 5000], [1010, 5000]),
      guardrails: [
        {
          name: "refusal rate",
          kind: "rate",
          higherIsBetter: false,
          perVariant: [
            { n: 5000, successes: 100 },
            { n: 5000, successes: 250 },
          ],
        },
      ],
    });
    expect(r.decision).toBe("guardrail_failed");
    expect(r.verdict).toMatch(
      /^B is worse than control on guardrail refusal rate by \+3\.0 pts \(peek-safe 95% CI \+\d\.\d to \+\d\.\d\)\. Stop B\.$/,
    );
  });

  it("weight-0 variants are left out of the SRM test, and flag it when they receive units", () => {
    const variants = (leak: number) => [
      { key: "control", isControl: true, exposures: 5000, expectedWeight: 0.5 },
      { key: "B", isControl: false, exposures: 5050, expectedWeight: 0.5 },
      { key: "C", isControl: false, exposures: leak, expectedWeight: 0 },
    ];
    const primary = (leak: number): MetricInput => ({
      name: "thumbs-up rate",
      kind: "rate",
      higherIsBetter: true,
      perVariant: [
        { n: 5000, successes: 1000 },
        { n: 5050, successes: 1010 },
        { n: leak, successes: 0 },
      ],
    });
    const ok = analyzeOnlineExperiment({ variants: variants(0), primary: primary(0) });
    expect(ok.srm!.dof).toBe(1);
    expect(ok.srm!.flagged).toBe(false);
    const bad = analyzeOnlineExperiment({ variants: variants(3), primary: primary(3) });
    expect(bad.srm!.flagged).toBe(true);
    expect(bad.decision).toBe("untrustworthy");
  });

  it("SRM with three variants matches scipy.stats.chisquare", () => {
    // chisquare([3300, 3350, 3500], 10150/3 each) → statistic 6.403940886699508, p 0.04068196344529025
    const r = analyzeOnlineExperiment({
      variants: [
        { key: "control", isControl: true, exposures: 3300, expectedWeight: 1 / 3 },
        { key: "B", isControl: false, exposures: 3350, expectedWeight: 1 / 3 },
        { key: "C", isControl: false, exposures: 3500, expectedWeight: 1 / 3 },
      ],
      primary: {
        name: "thumbs-up rate",
        kind: "rate",
        higherIsBetter: true,
        perVariant: [
          { n: 3300, successes: 600 },
          { n: 3350, successes: 610 },
          { n: 3500, successes: 640 },
        ],
      },
    });
    expect(r.srm!.chi2).toBeCloseTo(6.403940886699508, 10);
    expect(r.srm!.p).toBeCloseTo(0.04068196344529025, 12);
    expect(r.srm!.dof).toBe(2);
    expect(r.trustworthy).toBe(true);
  });

  it("guardrail not worse → ship with 'no guardrail worse'", () => {
    const same = { n: 5000, sum: 5000, sumSquares: 5200 };
    const r = analyzeOnlineExperiment({
      variants: twoVariants(5000, 5050),
      primary: thumbs([1000, 5000], [1200, 5050]),
      guardrails: [
        {
          name: "latency",
          kind: "mean",
          higherIsBetter: false,
          perVariant: [same, { n: 5050, sum: 5050, sumSquares: 5252 }],
        },
      ],
    });
    expect(r.decision).toBe("ship");
    expect(r.verdict).toContain("no guardrail worse. Ship B.");
  });

  it("lower-is-better primary: a decrease is a win", () => {
    const r = analyzeOnlineExperiment({
      variants: twoVariants(5000, 5000),
      primary: {
        name: "error rate",
        kind: "rate",
        higherIsBetter: false,
        perVariant: [
          { n: 5000, successes: 600 },
          { n: 5000, successes: 400 },
        ],
      },
    });
    expect(r.primary.comparisons[0]!.outcome).toBe("better");
    expect(r.decision).toBe("ship");
    expect(r.verdict).toMatch(/^B beats control on error rate by −4\.0 pts/);
  });

  it("treatment clearly worse → stop_no_effect, keep control", () => {
    const r = analyzeOnlineExperiment({
      variants: twoVariants(5000, 5000),
      primary: thumbs([1200, 5000], [900, 5000]),
    });
    expect(r.decision).toBe("stop_no_effect");
    expect(r.verdict).toMatch(/^B is worse than control on thumbs-up rate by −6\.0 pts .*Stop and keep control\.$/);
  });

  it("tight CI inside ±minimumEffect → stop_no_effect", () => {
    const r = analyzeOnlineExperiment({
      variants: twoVariants(200_000, 200_000),
      primary: thumbs([40_000, 200_000], [40_100, 200_000]),
    });
    const c = r.primary.comparisons[0]!;
    expect(c.peekSafe.ci.lower).toBeGreaterThan(-0.01);
    expect(c.peekSafe.ci.upper).toBeLessThan(0.01);
    expect(r.decision).toBe("stop_no_effect");
    expect(r.verdict).toMatch(/^No effect worth shipping: B vs control on thumbs-up rate is within ±1\.0 pts/);
    // a smaller margin keeps it running
    const r2 = analyzeOnlineExperiment({
      variants: twoVariants(200_000, 200_000),
      primary: thumbs([40_000, 200_000], [40_100, 200_000]),
      minimumEffect: 0.001,
    });
    expect(r2.decision).toBe("keep_running");
  });

  it("no data yet → keep_running without throwing", () => {
    const r = analyzeOnlineExperiment({ variants: twoVariants(0, 0), primary: thumbs([0, 0], [0, 0]) });
    expect(r.srm).toBeNull();
    expect(r.trustworthy).toBe(true);
    expect(r.primary.comparisons).toEqual([]);
    expect(r.primary.variants[0]!.ci).toBeNull();
    expect(r.decision).toBe("keep_running");
    expect(r.verdict).toMatch(/^Not enough data yet/);
  });

  it("three variants: Bonferroni on the primary, best eligible winner ships", () => {
    const r = analyzeOnlineExperiment({
      variants: [
        { key: "control", isControl: true, exposures: 6000, expectedWeight: 1 / 3 },
        { key: "B", isControl: false, exposures: 6000, expectedWeight: 1 / 3 },
        { key: "C", isControl: false, exposures: 6000, expectedWeight: 1 / 3 },
      ],
      primary: {
        name: "thumbs-up rate",
        kind: "rate",
        higherIsBetter: true,
        perVariant: [
          { n: 6000, successes: 1200 },
          { n: 6000, successes: 1500 },
          { n: 6000, successes: 1400 },
        ],
      },
    });
    expect(r.primary.comparisons.map((c) => c.key)).toEqual(["B", "C"]);
    expect(r.decision).toBe("ship");
    expect(r.winner).toBe("B");
    expect(r.verdict).toContain("peek-safe 97.5% CI");
  });
});

describe("analyzeOnlineExperiment — Holm across secondaries", () => {
  it("adjusts the always-valid p-values of every (secondary, treatment) pair", () => {
    const mk = (name: string, c: number, b: number): MetricInput => ({
      name,
      kind: "rate",
      higherIsBetter: true,
      perVariant: [
        { n: 4000, successes: c },
        { n: 4000, successes: b },
      ],
    });
    const r = analyzeOnlineExperiment({
      variants: twoVariants(4000, 4000),
      primary: thumbs([800, 4000], [820, 4000]),
      secondaries: [mk("copy rate", 400, 520), mk("retry rate", 400, 430), mk("share rate", 400, 470)],
    });
    const ps = r.secondaries.map((s) => s.comparisons[0]!.peekSafe.p);
    const adj = r.secondaries.map((s) => s.comparisons[0]!.pAdjusted);
    // Holm by hand: sort ascending, multiply by (m − rank), running max, cap at 1
    const order = [0, 1, 2].sort((i, j) => ps[i]! - ps[j]!);
    let running = 0;
    const expected: number[] = [];
    order.forEach((idx, k) => {
      running = Math.max(running, Math.min(1, (3 - k) * ps[idx]!));
      expected[idx] = running;
    });
    adj.forEach((p, i) => expect(p).toBeCloseTo(expected[i]!, 15));
    expect(adj[0]).toBeLessThan(0.05);
    expect(r.secondaries[0]!.comparisons[0]!.outcome).toBe("better");
    expect(r.secondaries[1]!.comparisons[0]!.outcome).toBe("inconclusive");
  });
});

describe("analyzeOnlineExperiment — validation", () => {
  const base = (): AnalyzeOnlineInput => ({ variants: twoVariants(10, 10), primary: thumbs([1, 10], [2, 10]) });
  it.each([
    [(i: AnalyzeOnlineInput) => ({ ...i, variants: [i.variants[0]!] }), "variants"],
    [(i: AnalyzeOnlineInput) => ({ ...i, variants: i.variants.map((v) => ({ ...v, isControl: false })) }), "variants"],
    [(i: AnalyzeOnlineInput) => ({ ...i, variants: i.variants.map((v) => ({ ...v, key: "x" })) }), "variants[1].key"],
    [
      (i: AnalyzeOnlineInput) => ({ ...i, variants: i.variants.map((v) => ({ ...v, expectedWeight: 0.4 })) }),
      "variants",
    ],
    [
      (i: AnalyzeOnlineInput) => ({ ...i, variants: i.variants.map((v) => ({ ...v, exposures: -1 })) }),
      "variants[0].exposures",
    ],
    [(i: AnalyzeOnlineInput) => ({ ...i, alpha: 1.5 }), "alpha"],
    [(i: AnalyzeOnlineInput) => ({ ...i, minimumEffect: -1 }), "minimumEffect"],
    [
      (i: AnalyzeOnlineInput) => ({ ...i, primary: { ...i.primary, perVariant: [i.primary.perVariant[0]!] } }),
      "primary.perVariant",
    ],
    [(i: AnalyzeOnlineInput) => ({ ...i, primary: { ...i.primary, kind: "median" as never } }), "primary.kind"],
    [(i: AnalyzeOnlineInput) => ({ ...i, primary: thumbs([11, 10], [1, 10]) }), "primary.perVariant[0].successes"],
    [
      (i: AnalyzeOnlineInput) => ({
        ...i,
        guardrails: [
          {
            name: "lat",
            kind: "mean" as const,
            higherIsBetter: false,
            perVariant: [
              { n: 2, sum: 4, sumSquares: 1 },
              { n: 2, sum: 1, sumSquares: 1 },
            ],
          },
        ],
      }),
      "guardrails[0].perVariant[0].sumSquares",
    ],
    [
      (i: AnalyzeOnlineInput) => ({ ...i, ipw: [{ variantIndex: 5, reward: 1, propensity: 0.5 }] }),
      "ipw[0].variantIndex",
    ],
    [(i: AnalyzeOnlineInput) => ({ ...i, ipw: [{ variantIndex: 1, reward: 1, propensity: 0 }] }), "ipw[0].propensity"],
    [(i: AnalyzeOnlineInput) => ({ ...i, ipw: [] }), "ipw"],
  ])("case %#", (mutate, arg) => {
    expect(argError(() => analyzeOnlineExperiment(mutate(base())))).toBe(arg);
  });
});
