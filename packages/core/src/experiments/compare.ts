import { bootstrapCI } from "../stats/bootstrap";
import { compareScores, type Conclusion } from "../stats/compare-scores";
import { mcnemar } from "../stats/contingency";
import { adjustPValues } from "../stats/multiple-testing";
import { wilcoxonSignedRank } from "../stats/rank-tests";
import { BOOTSTRAP_RESAMPLES, BOOTSTRAP_SEED } from "./aggregate";
import { clusterByItem, type TCompareCase, type TItemCluster } from "./compare-cluster";
import { caseRows, type TCaseComparison } from "./compare-cases";
import { describeComparison, describeMetric } from "./compare-text";

// Baseline vs candidate over the same items: per metric (each grader's score and pass rate) the
// mean delta with a bootstrap CI, the paired test that fits (paired t and Wilcoxon for scores,
// McNemar for pass/fail), Holm's correction across the metrics, a minimum effect under which a
// significant change is "trivial", and one verdict in compareScores' vocabulary.

export interface TCompareGrader {
  graderId: string;
  name: string;
  version: number;
}

export interface TCompareSide {
  graders: TCompareGrader[];
  cases: Iterable<TCompareCase>;
}

export interface TCompareOptions {
  alpha?: number;
  /** Smallest |delta| that matters for a metric key ("<graderId>:score" | "<graderId>:pass"). */
  minEffect?: (key: string) => number;
  /** Paired items needed for a verdict (compareScores' default: 10). */
  minN?: number;
}

export type TMetricKind = "score" | "pass";

export interface TMetricComparison {
  key: string;
  graderId: string;
  graderName: string;
  kind: TMetricKind;
  versions: { baseline: number; candidate: number };
  /** Items scored on both sides. */
  n: number;
  baseline: number | null;
  candidate: number | null;
  delta: number | null;
  /** 95% percentile-bootstrap CI of the mean paired delta. */
  ci: [number, number] | null;
  tests: {
    pairedT?: { p: number; ci: [number, number] };
    wilcoxon?: { p: number };
    mcnemar?: { p: number; baselineOnly: number; candidateOnly: number };
  };
  /** The primary test's p (paired t for scores, McNemar for pass/fail) before and after Holm. */
  p: number | null;
  pAdjusted: number | null;
  minEffect: number;
  conclusion: Conclusion;
  summary: string;
}

export interface TComparison {
  conclusion: Conclusion;
  /** One sentence for a PM; the numbers are in `metrics`. */
  headline: string;
  details: string[];
  metrics: TMetricComparison[];
  pairedItems: number;
  cases: TCaseComparison[];
  onlyInBaseline: string[];
  onlyInCandidate: string[];
  flakyItems: { baseline: number; candidate: number };
  warnings: string[];
}

function conclude(
  delta: number,
  p: number | null,
  n: number,
  o: Required<Pick<TCompareOptions, "alpha" | "minN">> & { minEffect: number },
): Conclusion {
  if (n < o.minN || p === null) return "insufficient_data";
  if (p >= o.alpha) return "no_change";
  if (Math.abs(delta) < o.minEffect) return "significant_but_trivial";
  return delta > 0 ? "improvement" : "regression";
}

const mean = (x: readonly number[]) => x.reduce((a, b) => a + b, 0) / x.length;
const isBinary = (x: readonly number[]) => x.every((v) => v === 0 || v === 1);

function pairedValues(paired: [TItemCluster, TItemCluster][], graderId: string, kind: TMetricKind) {
  const base: number[] = [];
  const cand: number[] = [];
  for (const [b, c] of paired) {
    const x = b.graders[graderId]!;
    const y = c.graders[graderId]!;
    if (kind === "pass") {
      base.push(x.passRate);
      cand.push(y.passRate);
    } else if (x.score !== null && y.score !== null) {
      base.push(x.score);
      cand.push(y.score);
    }
  }
  return { base, cand };
}

function metricFor(
  paired: [TItemCluster, TItemCluster][],
  g: { b: TCompareGrader; c: TCompareGrader },
  kind: TMetricKind,
  alpha: number,
): Omit<TMetricComparison, "pAdjusted" | "minEffect" | "conclusion" | "summary"> {
  const { base, cand } = pairedValues(paired, g.b.graderId, kind);
  const n = base.length;
  const common = {
    key: `${g.b.graderId}:${kind}`,
    graderId: g.b.graderId,
    graderName: g.c.name,
    kind,
    versions: { baseline: g.b.version, candidate: g.c.version },
    n,
  };
  if (n === 0) return { ...common, baseline: null, candidate: null, delta: null, ci: null, tests: {}, p: null };
  const cs = compareScores(base, cand, { alpha, minN: 1 });
  const ci =
    n >= 2
      ? bootstrapCI(
          base.map((x, i) => [x, cand[i]!] as const),
          "meanDiff",
          { resamples: BOOTSTRAP_RESAMPLES, seed: BOOTSTRAP_SEED, alpha },
        ).ci
      : null;
  const tests: TMetricComparison["tests"] = {};
  let p: number | null;
  if (kind === "score") {
    if (cs.p !== null && cs.ci) tests.pairedT = { p: cs.p, ci: cs.ci };
    tests.wilcoxon = { p: wilcoxonSignedRank(cand, base).p };
    p = cs.p;
  } else {
    // Item pass = passed in at least half of its repeats (exactly pass/fail with one repeat).
    let baselineOnly = 0;
    let candidateOnly = 0;
    base.forEach((x, i) => {
      const bp = x >= 0.5;
      const cp = cand[i]! >= 0.5;
      if (bp && !cp) baselineOnly++;
      if (cp && !bp) candidateOnly++;
    });
    const m = mcnemar(baselineOnly, candidateOnly);
    tests.mcnemar = { p: m.p, baselineOnly, candidateOnly };
    p = m.p;
  }
  return { ...common, baseline: mean(base), candidate: mean(cand), delta: cs.delta, ci, tests, p };
}

/** Compares two sides (two runs, or two arms of one run) item by item. */
export function compareExperimentSides(
  baseline: TCompareSide,
  candidate: TCompareSide,
  opts: TCompareOptions = {},
): TComparison {
  const alpha = opts.alpha ?? 0.05;
  const minN = opts.minN ?? 10;
  const candById = new Map(candidate.graders.map((g) => [g.graderId, g]));
  const shared = baseline.graders
    .filter((g) => candById.has(g.graderId))
    .map((b) => ({ b, c: candById.get(b.graderId)! }));
  const ids = shared.map((g) => g.b.graderId);
  const warnings: string[] = [];
  for (const g of baseline.graders.filter((x) => !candById.has(x.graderId)))
    warnings.push(`${g.name} graded only the baseline: not compared`);
  const baseIds = new Set(baseline.graders.map((g) => g.graderId));
  for (const g of candidate.graders.filter((x) => !baseIds.has(x.graderId)))
    warnings.push(`${g.name} graded only the candidate: not compared`);
  for (const g of shared.filter((x) => x.b.version !== x.c.version)) {
    warnings.push(
      `${g.c.name}: the runs used different versions (v${g.b.version} vs v${g.c.version}), so its changes mix the prompt and the grader`,
    );
  }

  const baseItems = clusterByItem(baseline.cases, ids);
  const candItems = clusterByItem(candidate.cases, ids);
  const paired: [TItemCluster, TItemCluster][] = [];
  for (const [k, b] of baseItems) {
    const c = candItems.get(k);
    if (c) paired.push([b, c]);
  }
  const onlyInBaseline = [...baseItems.keys()].filter((k) => !candItems.has(k)).sort();
  const onlyInCandidate = [...candItems.keys()].filter((k) => !baseItems.has(k)).sort();

  const raw = shared.flatMap((g) => {
    const out = [metricFor(paired, g, "pass", alpha)];
    const score = metricFor(paired, g, "score", alpha);
    // A grader whose scores are all 0/1 on both sides says nothing its pass rate does not.
    const { base, cand } = pairedValues(paired, g.b.graderId, "score");
    if (!(isBinary(base) && isBinary(cand))) out.push(score);
    return out;
  });
  const tested = raw.map((m, i) => ({ i, p: m.p })).filter((x): x is { i: number; p: number } => x.p !== null);
  const adjusted = new Map<number, number>();
  if (tested.length)
    adjustPValues(
      tested.map((x) => x.p),
      "holm",
    ).forEach((p, j) => adjusted.set(tested[j]!.i, p));
  const metrics: TMetricComparison[] = raw.map((m, i) => {
    const minEffect = opts.minEffect?.(m.key) ?? 0;
    const pAdjusted = adjusted.get(i) ?? null;
    const conclusion =
      m.delta === null ? "insufficient_data" : conclude(m.delta, pAdjusted, m.n, { alpha, minN, minEffect });
    const full = { ...m, pAdjusted, minEffect, conclusion, summary: "" };
    return { ...full, summary: describeMetric(full, raw.length) };
  });

  const order: Conclusion[] = ["regression", "improvement", "significant_but_trivial", "no_change"];
  const conclusion: Conclusion = order.find((c) => metrics.some((m) => m.conclusion === c)) ?? "insufficient_data";
  const flakyItems = {
    baseline: [...baseItems.values()].filter((it) => ids.some((id) => it.graders[id]!.flaky)).length,
    candidate: [...candItems.values()].filter((it) => ids.some((id) => it.graders[id]!.flaky)).length,
  };
  const { headline, details } = describeComparison({
    conclusion,
    metrics,
    pairedItems: paired.length,
    minN,
    onlyInBaseline,
    onlyInCandidate,
    flakyItems,
  });
  return {
    conclusion,
    headline,
    details,
    metrics,
    pairedItems: paired.length,
    cases: caseRows(paired, ids),
    onlyInBaseline,
    onlyInCandidate,
    flakyItems,
    warnings,
  };
}
