/** Property tests (fast-check): p-values in [0, 1], symmetry, shift invariance, monotone adjustments. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  adjustPValues,
  chiSquare2x2,
  fisherExact,
  kendallTauB,
  ks2Sample,
  mannWhitneyU,
  pairedTTest,
  spearman,
  studentTTest,
  twoProportionZTest,
  welchTTest,
  wilcoxonSignedRank,
} from "./index";

// A fixed default seed keeps CI deterministic; STATS_PROPERTY_SEED / _RUNS explore further.
const RUNS = {
  numRuns: Number(process.env.STATS_PROPERTY_RUNS ?? 150),
  seed: Number(process.env.STATS_PROPERTY_SEED ?? 20261123),
};
// small integer-valued doubles produce plenty of ties and zeros
// (subnormal magnitudes are flushed to 0: they only exercise denormal rounding, not the statistics)
const value = fc.oneof(
  fc.integer({ min: -5, max: 5 }).map((v) => v / 2),
  fc.double({ min: -100, max: 100, noNaN: true }).map((v) => (Math.abs(v) < 1e-100 ? 0 : v)),
);
const sample = (min: number, max = 30) => fc.array(value, { minLength: min, maxLength: max });
const pairs = (min: number, max = 30) =>
  fc
    .array(fc.tuple(value, value), { minLength: min, maxLength: max })
    .map((ps) => [ps.map((p) => p[0]), ps.map((p) => p[1])] as const);
const inUnit = (p: number) => p >= 0 && p <= 1;
const near = (a: number, b: number, tol = 1e-9) => Math.abs(a - b) <= tol * Math.max(1, Math.abs(b));

describe("p-values lie in [0, 1]", () => {
  it("two-sample tests", () => {
    fc.assert(
      fc.property(sample(2), sample(2), (a, b) => {
        expect(inUnit(welchTTest(a, b).p)).toBe(true);
        expect(inUnit(studentTTest(a, b).p)).toBe(true);
        expect(inUnit(mannWhitneyU(a, b).p)).toBe(true);
        expect(inUnit(ks2Sample(a, b).p)).toBe(true);
        expect(inUnit(ks2Sample(a, b, { method: "asymptotic" }).p)).toBe(true);
      }),
      RUNS,
    );
  });
  it("paired tests", () => {
    fc.assert(
      fc.property(pairs(2), ([a, b]) => {
        expect(inUnit(pairedTTest(a, b).p)).toBe(true);
        for (const method of ["auto", "exact", "asymptotic"] as const) {
          expect(inUnit(wilcoxonSignedRank(a, b, { method }).p)).toBe(true);
          expect(inUnit(wilcoxonSignedRank(a, b, { method, zeroMethod: "pratt", correction: true }).p)).toBe(true);
        }
      }),
      RUNS,
    );
  });
  it("2×2 tables and proportions", () => {
    const cell = fc.integer({ min: 0, max: 60 });
    fc.assert(
      fc.property(cell, cell, cell, cell, (a, b, c, d) => {
        fc.pre(a + b > 0 && c + d > 0 && a + c > 0 && b + d > 0);
        expect(
          inUnit(
            fisherExact([
              [a, b],
              [c, d],
            ]).p,
          ),
        ).toBe(true);
        expect(
          inUnit(
            chiSquare2x2([
              [a, b],
              [c, d],
            ]).p,
          ),
        ).toBe(true);
        expect(inUnit(twoProportionZTest(a, a + b, c, c + d).p)).toBe(true);
      }),
      RUNS,
    );
  });
});

describe("symmetry: swapping a and b", () => {
  it("keeps two-sided p and mirrors statistics", () => {
    fc.assert(
      fc.property(sample(2), sample(2), (a, b) => {
        const w1 = welchTTest(a, b);
        const w2 = welchTTest(b, a);
        expect(near(w1.p, w2.p)).toBe(true);
        expect(near(w1.t, -w2.t)).toBe(true);
        const m1 = mannWhitneyU(a, b);
        const m2 = mannWhitneyU(b, a);
        expect(m1.u1).toBe(m2.u2);
        expect(near(m1.p, m2.p)).toBe(true);
        const k1 = ks2Sample(a, b);
        const k2 = ks2Sample(b, a);
        expect(near(k1.d, k2.d)).toBe(true);
        expect(near(k1.p, k2.p)).toBe(true);
      }),
      RUNS,
    );
  });
  it("paired tests and correlations", () => {
    fc.assert(
      fc.property(pairs(3), ([a, b]) => {
        expect(near(pairedTTest(a, b).p, pairedTTest(b, a).p)).toBe(true);
        const w1 = wilcoxonSignedRank(a, b);
        const w2 = wilcoxonSignedRank(b, a);
        expect(w1.statistic).toBe(w2.statistic);
        expect(near(w1.p, w2.p)).toBe(true);
        const distinct = (x: number[]) => new Set(x).size > 1;
        fc.pre(distinct(a) && distinct(b));
        expect(near(spearman(a, b).rho, spearman(b, a).rho)).toBe(true);
        expect(near(kendallTauB(a, b).p, kendallTauB(b, a).p)).toBe(true);
      }),
      RUNS,
    );
  });
  it("2×2: swapping arms", () => {
    const cell = fc.integer({ min: 0, max: 40 });
    fc.assert(
      fc.property(cell, cell, cell, cell, (a, b, c, d) => {
        fc.pre(a + b > 0 && c + d > 0 && a + c > 0 && b + d > 0);
        expect(
          near(
            fisherExact([
              [a, b],
              [c, d],
            ]).p,
            fisherExact([
              [c, d],
              [a, b],
            ]).p,
            1e-12,
          ),
        ).toBe(true);
        expect(near(twoProportionZTest(a, a + b, c, c + d).p, twoProportionZTest(c, c + d, a, a + b).p)).toBe(true);
      }),
      RUNS,
    );
  });
});

describe("invariance to shifting paired data", () => {
  // half-integers shift exactly in floating point, so results must be identical
  const half = fc.integer({ min: -40, max: 40 }).map((v) => v / 2);
  const halfPairs = fc
    .array(fc.tuple(half, half), { minLength: 2, maxLength: 30 })
    .map((ps) => [ps.map((p) => p[0]), ps.map((p) => p[1])] as const);
  it("adding the same constant to a and b changes nothing", () => {
    fc.assert(
      fc.property(halfPairs, fc.integer({ min: -1000, max: 1000 }), ([a, b], shift) => {
        const a2 = a.map((v) => v + shift);
        const b2 = b.map((v) => v + shift);
        expect(pairedTTest(a2, b2)).toEqual(pairedTTest(a, b));
        expect(wilcoxonSignedRank(a2, b2)).toEqual(wilcoxonSignedRank(a, b));
        expect(wilcoxonSignedRank(a2, b2, { method: "asymptotic", zeroMethod: "pratt" })).toEqual(
          wilcoxonSignedRank(a, b, { method: "asymptotic", zeroMethod: "pratt" }),
        );
      }),
      RUNS,
    );
  });
});

describe("adjusted p-values", () => {
  const pvals = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 40 });
  it("are ≥ raw, ≤ 1, monotone in the raw order, and leave input untouched", () => {
    fc.assert(
      fc.property(pvals, (p) => {
        const copy = [...p];
        for (const method of ["bonferroni", "holm", "bh", "by"] as const) {
          const adj = adjustPValues(p, method);
          expect(p).toEqual(copy);
          const order = p.map((_, i) => i).sort((i, j) => p[i]! - p[j]!);
          for (let k = 0; k < order.length; k++) {
            const i = order[k]!;
            expect(adj[i]!).toBeGreaterThanOrEqual(p[i]! - 1e-15);
            expect(adj[i]!).toBeLessThanOrEqual(1);
            if (k > 0) expect(adj[i]!).toBeGreaterThanOrEqual(adj[order[k - 1]!]! - 1e-15);
          }
        }
        const holm = adjustPValues(p, "holm");
        const bonf = adjustPValues(p, "bonferroni");
        const bh = adjustPValues(p, "bh");
        const by = adjustPValues(p, "by");
        p.forEach((_, i) => {
          expect(holm[i]!).toBeLessThanOrEqual(bonf[i]! + 1e-15);
          expect(bh[i]!).toBeLessThanOrEqual(by[i]! + 1e-15);
        });
      }),
      RUNS,
    );
  });
});
