import { chiSquareGoodnessOfFit, jsDistance, psi, wassersteinNormed } from "../stats/drift";
import { ks2Sample } from "../stats/ks";

// Comparing a reference window with the report window, and the thresholds that turn the numbers
// into a severity (README.md beside this file says where each comes from).

export type TSeverity = "ok" | "warn" | "alert";
export type TTestResult = {
  name: string;
  value: number;
  /** [warn, alert] levels; a value at or past a level flags it (p-values: at or below). */
  thresholds?: [number, number];
  severity: TSeverity;
  note?: string;
};

export const THRESHOLDS = {
  /** PSI: < 0.1 stable, 0.1–0.25 moderate shift, ≥ 0.25 major shift (industry rule of thumb). */
  psi: [0.1, 0.25] as [number, number],
  /** Jensen–Shannon distance, base 2 (0 = same, 1 = disjoint). Evidently's default is 0.1. */
  js: [0.1, 0.2] as [number, number],
  /** Normed Wasserstein (W₁ / std of the reference). Evidently's default is 0.1. */
  wasserstein: [0.1, 0.3] as [number, number],
  /** KS: flags at p ≤ 0.01 only when D ≥ 0.1 (with thousands of rows any D is "significant"). */
  ksP: 0.01,
  ksD: 0.1,
} as const;

export function severityOf(value: number, [warn, alert]: [number, number]): TSeverity {
  return value >= alert ? "alert" : value >= warn ? "warn" : "ok";
}

export function maxSeverity(list: readonly TSeverity[]): TSeverity {
  return list.includes("alert") ? "alert" : list.includes("warn") ? "warn" : "ok";
}

/** Bin edges at the reference's deciles (distinct values only), so each bin holds ~10% of it. */
export function quantileEdges(ref: readonly number[], bins = 10): number[] {
  const sorted = [...ref].sort((a, b) => a - b);
  const edges: number[] = [];
  for (let i = 1; i < bins; i++) {
    const v = sorted[Math.min(sorted.length - 1, Math.floor((i * sorted.length) / bins))]!;
    if (!edges.length || v > edges[edges.length - 1]!) edges.push(v);
  }
  return edges;
}

/**
 * The reference's decile edges; when the reference has few distinct values (a constant output
 * length, say) they cannot separate a shifted window (every value would share the top bin and PSI
 * would read 0), so the current window's deciles are added.
 */
export function binEdges(ref: readonly number[], cur: readonly number[], bins = 10): number[] {
  const edges = ref.length ? quantileEdges(ref, bins) : [];
  if (edges.length >= bins - 1 || !cur.length) return edges;
  return [...new Set([...edges, ...quantileEdges(cur, bins)])].sort((a, b) => a - b);
}

/** Counts of `xs` in the bins (-∞, e0), [e0, e1), …, [e_last, ∞). */
export function histogram(xs: readonly number[], edges: readonly number[]): number[] {
  const counts = new Array<number>(edges.length + 1).fill(0);
  for (const x of xs) {
    let lo = 0;
    let hi = edges.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (x >= edges[mid]!) lo = mid + 1;
      else hi = mid;
    }
    counts[lo]!++;
  }
  return counts;
}

function quantile(sorted: readonly number[], q: number): number | null {
  if (!sorted.length) return null;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

export type TNumericComparison = {
  severity: TSeverity;
  tests: TTestResult[];
  ref: { n: number; p50: number | null; p90: number | null; mean: number | null };
  cur: { n: number; p50: number | null; p90: number | null; mean: number | null };
  bins: Array<{ label: string; ref: number; cur: number }>;
};

const MIN_N = 20;

/** PSI and JS over reference-decile bins, two-sample KS and normed Wasserstein. */
export function compareNumeric(ref: readonly number[], cur: readonly number[]): TNumericComparison {
  const describe = (xs: readonly number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return {
      n: s.length,
      p50: quantile(s, 0.5),
      p90: quantile(s, 0.9),
      mean: s.length ? s.reduce((a, b) => a + b, 0) / s.length : null,
    };
  };
  const edges = binEdges(ref, cur);
  const rh = histogram(ref, edges);
  const ch = histogram(cur, edges);
  const fmt = (x: number) => (Math.abs(x) >= 100 ? Math.round(x).toString() : String(Math.round(x * 100) / 100));
  const bins = rh.map((r, i) => ({
    label:
      i === 0
        ? `< ${fmt(edges[0] ?? 0)}`
        : i === edges.length
          ? `≥ ${fmt(edges[i - 1]!)}`
          : `${fmt(edges[i - 1]!)}–${fmt(edges[i]!)}`,
    ref: ref.length ? r / ref.length : 0,
    cur: cur.length ? ch[i]! / cur.length : 0,
  }));
  if (ref.length < MIN_N || cur.length < MIN_N) {
    return {
      severity: "ok",
      tests: [
        {
          name: "samples",
          value: Math.min(ref.length, cur.length),
          severity: "ok",
          note: `fewer than ${MIN_N} traces in a window: not tested`,
        },
      ],
      ref: describe(ref),
      cur: describe(cur),
      bins,
    };
  }
  const p = psi(rh, ch);
  const js = jsDistance(rh, ch, { base: 2 });
  const ks = ks2Sample(ref, cur, { method: Math.max(ref.length, cur.length) > 1000 ? "asymptotic" : "auto" });
  const w = wassersteinNormed(ref, cur);
  const tests: TTestResult[] = [
    { name: "PSI", value: p, thresholds: THRESHOLDS.psi, severity: severityOf(p, THRESHOLDS.psi) },
    { name: "JS distance", value: js, thresholds: THRESHOLDS.js, severity: severityOf(js, THRESHOLDS.js) },
    {
      name: "KS",
      value: ks.d,
      severity: ks.p <= THRESHOLDS.ksP && ks.d >= THRESHOLDS.ksD ? "warn" : "ok",
      note: `D = ${ks.d.toFixed(3)}, p = ${ks.p.toExponential(2)}`,
    },
    {
      name: "Wasserstein (normed)",
      value: w,
      thresholds: THRESHOLDS.wasserstein,
      severity: severityOf(w, THRESHOLDS.wasserstein),
    },
  ];
  return { severity: maxSeverity(tests.map((t) => t.severity)), tests, ref: describe(ref), cur: describe(cur), bins };
}

export type TCategoricalComparison = {
  severity: TSeverity;
  tests: TTestResult[];
  categories: Array<{ key: string; ref: number; cur: number }>;
};

/** PSI, JS distance and χ² goodness of fit of the current mix against the reference mix. */
export function compareCategorical(
  ref: ReadonlyMap<string, number>,
  cur: ReadonlyMap<string, number>,
): TCategoricalComparison {
  const keys = [...new Set([...ref.keys(), ...cur.keys()])].sort();
  const nr = [...ref.values()].reduce((a, b) => a + b, 0);
  const nc = [...cur.values()].reduce((a, b) => a + b, 0);
  const categories = keys
    .map((key) => ({ key, ref: nr ? (ref.get(key) ?? 0) / nr : 0, cur: nc ? (cur.get(key) ?? 0) / nc : 0 }))
    .sort((a, b) => b.cur - a.cur || b.ref - a.ref);
  if (nr < MIN_N || nc < MIN_N || keys.length < 2) {
    return {
      severity: "ok",
      tests: [
        {
          name: "samples",
          value: Math.min(nr, nc),
          severity: "ok",
          note: "too few traces or a single category: not tested",
        },
      ],
      categories,
    };
  }
  const rc = keys.map((k) => ref.get(k) ?? 0);
  const cc = keys.map((k) => cur.get(k) ?? 0);
  const p = psi(rc, cc);
  const js = jsDistance(rc, cc, { base: 2 });
  // χ² needs every expected count positive: smooth the reference by half a count per category.
  const chi = chiSquareGoodnessOfFit(
    cc,
    rc.map((x) => x + 0.5),
  );
  const tests: TTestResult[] = [
    { name: "PSI", value: p, thresholds: THRESHOLDS.psi, severity: severityOf(p, THRESHOLDS.psi) },
    { name: "JS distance", value: js, thresholds: THRESHOLDS.js, severity: severityOf(js, THRESHOLDS.js) },
    {
      name: "χ² goodness of fit",
      value: chi.chi2,
      severity: "ok",
      note: `dof ${chi.dof}, p = ${chi.p.toExponential(2)}`,
    },
  ];
  return { severity: maxSeverity(tests.map((t) => t.severity)), tests, categories };
}
