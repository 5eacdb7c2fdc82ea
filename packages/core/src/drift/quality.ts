import { cusum, pageHinkley, zScoreAnomaly } from "../stats/drift";
import { meanIntervalFromSums, wilsonInterval } from "../stats/intervals";
import { maxSeverity, type TSeverity, type TTestResult } from "./distributions";

// Quality of one online score (any source: online judge, API, human) over the report window
// against its baseline and its own history. Values come as a histogram on a 0.01 grid (the
// dashboards' score roll-ups): bucket b holds values in [b/100, (b+1)/100).

export type TScoreHistogram = { n: number; sum: number; sumSq: number; buckets: Map<number, number> };
export type TScale = { min: number; max: number; kind: "unit" | "likert5" | "observed" };
export type TBadRule = { cutoff: number; inclusive: boolean; label: string };

export function emptyHistogram(): TScoreHistogram {
  return { n: 0, sum: 0, sumSq: 0, buckets: new Map() };
}

export function mergeHistogram(
  into: TScoreHistogram,
  h: { n: number; sum: number; sumSq: number; b: readonly number[]; c: readonly number[] },
) {
  into.n += h.n;
  into.sum += h.sum;
  into.sumSq += h.sumSq;
  h.b.forEach((b, i) => into.buckets.set(b, (into.buckets.get(b) ?? 0) + (h.c[i] ?? 0)));
  return into;
}

/** 0–1 when every value is in [0, 1]; 1–5 when in [1, 5]; else what was seen. */
export function inferScale(h: TScoreHistogram): TScale {
  const keys = [...h.buckets.keys()];
  if (!keys.length) return { min: 0, max: 1, kind: "unit" };
  const lo = Math.min(...keys) / 100;
  const hi = Math.max(...keys) / 100;
  if (lo >= 0 && hi <= 1) return { min: 0, max: 1, kind: "unit" };
  if (lo >= 1 && hi <= 5) return { min: 1, max: 5, kind: "likert5" };
  return { min: lo, max: Math.max(hi, lo + 1e-9), kind: "observed" };
}

/** Bad scores: ≤ threshold when configured; else ≤ 2 on 1–5 and < 0.5 on 0–1 (none otherwise). */
export function badRule(scale: TScale, threshold: number | null): TBadRule | null {
  if (threshold !== null) return { cutoff: threshold, inclusive: true, label: `≤ ${threshold}` };
  if (scale.kind === "likert5") return { cutoff: 2, inclusive: true, label: "≤ 2 (1–5 scale)" };
  if (scale.kind === "unit") return { cutoff: 0.5, inclusive: false, label: "< 0.5 (0–1 scale)" };
  return null;
}

export function badCount(h: TScoreHistogram, rule: TBadRule): number {
  let n = 0;
  const edge = Math.round(rule.cutoff * 100);
  for (const [b, c] of h.buckets) if (rule.inclusive ? b <= edge : b < edge) n += c;
  return n;
}

/** The q-quantile of the histogram (lower edge of the bucket that holds it). */
export function histogramQuantile(h: TScoreHistogram, q: number): number | null {
  const total = [...h.buckets.values()].reduce((a, b) => a + b, 0);
  if (!total) return null;
  const target = q * total;
  let seen = 0;
  for (const b of [...h.buckets.keys()].sort((x, y) => x - y)) {
    seen += h.buckets.get(b)!;
    if (seen >= target) return b / 100;
  }
  return null;
}

export type TQualityInput = {
  name: string;
  window: TScoreHistogram;
  reference: TScoreHistogram;
  /** Daily means before the window, oldest first (days without scores left out). */
  history: Array<{ t: string; n: number; mean: number }>;
  /** Daily means inside the window, oldest first. */
  windowDays: Array<{ t: string; n: number; mean: number }>;
  baseline: { kind: "golden" | "reference"; value: number | null; label: string };
  badThreshold: number | null;
};

export type TQualityResult = {
  severity: TSeverity;
  tests: TTestResult[];
  mean: number | null;
  p10: number | null;
  badShare: number | null;
  refBadShare: number | null;
  scale: TScale;
  /** How far the mean fell below the baseline, in units of the scale's range (positive = worse). */
  dropShare: number | null;
};

/** CUSUM and Page–Hinkley run on daily means standardised by the history: x = (μ₀ − mean)/σ, so a drop is upward. */
export const CHANGE_POINT = { cusumK: 0.5, cusumH: 4, phDelta: 0.1, phLambda: 3 } as const;
/** A drop below the baseline matters from 5% of the scale's range (warn) and 10% (alert). */
export const BASELINE_DROP = [0.05, 0.1] as const;

export function assessQuality(input: TQualityInput): TQualityResult {
  const w = input.window;
  const scale = inferScale({ ...w, buckets: new Map([...w.buckets, ...input.reference.buckets]) });
  const range = scale.max - scale.min || 1;
  const mean = w.n ? w.sum / w.n : null;
  const tests: TTestResult[] = [];
  let dropShare: number | null = null;
  if (mean !== null && input.baseline.value !== null) {
    const ci = meanIntervalFromSums(w.n, w.sum, w.sumSq);
    dropShare = (input.baseline.value - mean) / range;
    const significant = ci !== null && ci.upper < input.baseline.value;
    const severity: TSeverity = !significant
      ? "ok"
      : dropShare >= BASELINE_DROP[1]
        ? "alert"
        : dropShare >= BASELINE_DROP[0]
          ? "warn"
          : "ok";
    tests.push({
      name: `Mean vs ${input.baseline.kind === "golden" ? "golden-set baseline" : "reference window"}`,
      value: mean - input.baseline.value,
      thresholds: [-BASELINE_DROP[0] * range, -BASELINE_DROP[1] * range],
      severity,
      note: `${mean.toFixed(3)} vs ${input.baseline.value.toFixed(3)} (${input.baseline.label})${ci ? `, 95% CI ${ci.lower.toFixed(3)}–${ci.upper.toFixed(3)}` : ""}`,
    });
  }
  const rule = badRule(scale, input.badThreshold);
  let badShare: number | null = null;
  let refBadShare: number | null = null;
  if (rule && w.n) {
    // ≤ n: design-weighted counts are floats whose sums can differ from n in the last bits.
    const bad = Math.min(badCount(w, rule), w.n);
    badShare = bad / w.n;
    refBadShare = input.reference.n ? badCount(input.reference, rule) / input.reference.n : null;
    const ci = wilsonInterval(bad, w.n);
    const rise = refBadShare === null ? 0 : badShare - refBadShare;
    const significant = refBadShare !== null && ci !== null && ci.lower > refBadShare;
    tests.push({
      name: `Share of bad scores (${rule.label})`,
      value: badShare,
      severity: significant ? (rise >= 0.1 ? "alert" : rise >= 0.05 ? "warn" : "ok") : "ok",
      note:
        refBadShare === null
          ? "no reference scores"
          : `reference ${(refBadShare * 100).toFixed(1)}%, now ${(badShare * 100).toFixed(1)}%`,
    });
  }
  const hist = input.history.map((d) => d.mean);
  if (mean !== null && hist.length >= 5) {
    const z = zScoreAnomaly(mean, hist, { threshold: 3 });
    tests.push({
      name: "z-score vs daily history",
      value: z.z,
      thresholds: [-2, -3],
      severity: z.z <= -3 ? "alert" : z.z <= -2 ? "warn" : "ok",
      note: `history mean ${z.mean.toFixed(3)}, sd ${z.sd.toFixed(3)} over ${hist.length} days`,
    });
    const mu0 = z.mean;
    const sd = Math.max(z.sd, 0.01 * range);
    const series = [...input.history, ...input.windowDays].map((d) => (mu0 - d.mean) / sd);
    const firstWindow = input.history.length;
    const c = cusum(series, { mu0: 0, k: CHANGE_POINT.cusumK, h: CHANGE_POINT.cusumH });
    const cAt = c.alarmIndex !== null && c.alarmIndex >= firstWindow ? c.alarmIndex : null;
    tests.push({
      name: "CUSUM (downward)",
      value: c.s[c.s.length - 1] ?? 0,
      thresholds: [CHANGE_POINT.cusumH, CHANGE_POINT.cusumH],
      severity: cAt !== null ? "warn" : "ok",
      note:
        cAt !== null
          ? `change point on ${[...input.history, ...input.windowDays][cAt]!.t}`
          : "no change point in the window",
    });
    const ph = pageHinkley(series, { delta: CHANGE_POINT.phDelta, lambda: CHANGE_POINT.phLambda });
    const pAt = ph.alarmIndex !== null && ph.alarmIndex >= firstWindow ? ph.alarmIndex : null;
    tests.push({
      name: "Page–Hinkley (downward)",
      value: ph.ph[ph.ph.length - 1] ?? 0,
      thresholds: [CHANGE_POINT.phLambda, CHANGE_POINT.phLambda],
      severity: pAt !== null ? "warn" : "ok",
      note:
        pAt !== null
          ? `change point on ${[...input.history, ...input.windowDays][pAt]!.t}`
          : "no change point in the window",
    });
  }
  return {
    severity: maxSeverity(tests.map((t) => t.severity)),
    tests,
    mean,
    p10: histogramQuantile(w, 0.1),
    badShare,
    refBadShare,
    scale,
    dropShare,
  };
}
