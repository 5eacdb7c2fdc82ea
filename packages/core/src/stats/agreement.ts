/**
 * Inter-rater agreement: Cohen's kappa (sklearn.metrics.cohen_kappa_score
 * conventions) and Krippendorff's alpha (Krippendorff 2011, "Computing
 * Krippendorff's Alpha-Reliability", coincidence-matrix form).
 */
import { StatsInputError } from "./errors";
import { oneOf } from "./validate";

export type Label = number | string | boolean;

export interface CohensKappaResult {
  kappa: number;
  /** Observed agreement (weighted: 1 − Σw·O / (n·w_max)). */
  pObserved: number;
  /** Chance agreement from the marginals (weighted analogously). */
  pExpected: number;
}

function validLabel(v: unknown): v is Label {
  return (typeof v === "number" && Number.isFinite(v)) || typeof v === "string" || typeof v === "boolean";
}

function sortLabels(labels: Label[]): Label[] {
  return labels.sort((a, b) => {
    if (typeof a === "number" && typeof b === "number") return a - b;
    return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
  });
}

/**
 * Cohen's kappa between two raters over the same items. `weights`: none (default),
 * "linear" (|i − j|) or "quadratic" ((i − j)²), where i, j are positions in the sorted
 * set of labels used by either rater (sklearn convention: positions, not values).
 * Throws when chance agreement is 1 (both raters used one and the same label), where kappa is undefined.
 */
export function cohensKappa(
  r1: readonly Label[],
  r2: readonly Label[],
  opts: { weights?: "linear" | "quadratic" } = {},
): CohensKappaResult {
  for (const [name, r] of [
    ["r1", r1],
    ["r2", r2],
  ] as const) {
    if (!Array.isArray(r) || r.length === 0) throw new StatsInputError(name, "needs at least 1 rating");
    r.forEach((v, i) => {
      if (!validLabel(v)) throw new StatsInputError(name, `element ${i} is not a valid label (${String(v)})`);
    });
  }
  if (r1.length !== r2.length)
    throw new StatsInputError("r2", `must have the same length as r1 (${r1.length}), got ${r2.length}`);
  const weights = opts.weights === undefined ? undefined : oneOf("weights", opts.weights, ["linear", "quadratic"]);
  const labels = sortLabels([...new Set<Label>([...r1, ...r2])]);
  const pos = new Map<Label, number>(labels.map((l, i) => [l, i]));
  const k = labels.length;
  const n = r1.length;
  const conf = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let i = 0; i < n; i++) {
    const a = pos.get(r1[i] as Label) as number;
    const b = pos.get(r2[i] as Label) as number;
    (conf[a] as number[])[b] = ((conf[a] as number[])[b] as number) + 1;
  }
  const rowSum = conf.map((row) => row.reduce((s, v) => s + v, 0));
  const colSum = labels.map((_, j) => conf.reduce((s, row) => s + (row[j] as number), 0));
  const w = (i: number, j: number): number =>
    weights === "linear" ? Math.abs(i - j) : weights === "quadratic" ? (i - j) ** 2 : i === j ? 0 : 1;
  let obs = 0;
  let exp = 0;
  let wmax = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const wij = w(i, j);
      wmax = Math.max(wmax, wij);
      obs += wij * ((conf[i] as number[])[j] as number);
      exp += (wij * (rowSum[i] as number) * (colSum[j] as number)) / n;
    }
  }
  if (exp === 0)
    throw new StatsInputError("r1", "kappa is undefined: chance agreement is 1 (a single label used by both raters)");
  const kappa = 1 - obs / exp;
  const scale = n * (wmax || 1);
  return { kappa, pObserved: 1 - obs / scale, pExpected: 1 - exp / scale };
}

export type KrippendorffLevel = "nominal" | "interval" | "ordinal";

/**
 * Krippendorff's alpha = 1 − D_o / D_e from the coincidence matrix.
 * `data` is coders × units with `null` (or undefined) for missing ratings; units with
 * fewer than two ratings are ignored. Interval/ordinal levels need numeric values;
 * the ordinal metric uses rank mass: δ²(c,k) = (Σ_{g=c..k} n_g − (n_c + n_k)/2)².
 */
export function krippendorffAlpha(
  data: readonly (readonly (Label | null | undefined)[])[],
  level: KrippendorffLevel = "nominal",
): number {
  const lvl = oneOf("level", level, ["nominal", "interval", "ordinal"]);
  if (!Array.isArray(data) || data.length < 1) throw new StatsInputError("data", "needs at least one coder row");
  const nUnits = (data[0] as readonly unknown[] | undefined)?.length ?? 0;
  data.forEach((row, c) => {
    if (!Array.isArray(row)) throw new StatsInputError("data", `row ${c} must be an array`);
    if (row.length !== nUnits)
      throw new StatsInputError("data", `row ${c} has ${row.length} units, expected ${nUnits}`);
    row.forEach((v, u) => {
      if (v === null || v === undefined) return;
      if (!validLabel(v)) throw new StatsInputError("data", `data[${c}][${u}] is not a valid value (${String(v)})`);
      if (lvl !== "nominal" && typeof v !== "number")
        throw new StatsInputError("data", `data[${c}][${u}] must be numeric for ${lvl} level`);
    });
  });
  const units: Label[][] = [];
  for (let u = 0; u < nUnits; u++) {
    const vals: Label[] = [];
    for (const row of data) {
      const v = row[u];
      if (v !== null && v !== undefined) vals.push(v);
    }
    if (vals.length >= 2) units.push(vals);
  }
  const values = sortLabels([...new Set<Label>(units.flat())]);
  const idx = new Map<Label, number>(values.map((v, i) => [v, i]));
  const V = values.length;
  const o = Array.from({ length: V }, () => new Array<number>(V).fill(0));
  for (const vals of units) {
    const m = vals.length;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < m; j++) {
        if (i === j) continue;
        const a = idx.get(vals[i] as Label) as number;
        const b = idx.get(vals[j] as Label) as number;
        (o[a] as number[])[b] = ((o[a] as number[])[b] as number) + 1 / (m - 1);
      }
    }
  }
  const nc = o.map((row) => row.reduce((s, v) => s + v, 0));
  const n = nc.reduce((s, v) => s + v, 0);
  if (n < 2) throw new StatsInputError("data", "needs at least one unit rated by two or more coders");
  const cum = [0];
  for (const v of nc) cum.push((cum[cum.length - 1] as number) + v);
  const delta2 = (c: number, k: number): number => {
    if (c === k) return 0;
    if (lvl === "nominal") return 1;
    if (lvl === "interval") return ((values[c] as number) - (values[k] as number)) ** 2;
    const lo = Math.min(c, k);
    const hi = Math.max(c, k);
    const mass = (cum[hi + 1] as number) - (cum[lo] as number);
    return (mass - ((nc[c] as number) + (nc[k] as number)) / 2) ** 2;
  };
  let Do = 0;
  let De = 0;
  for (let c = 0; c < V; c++) {
    for (let k = 0; k < V; k++) {
      const d2 = delta2(c, k);
      if (d2 === 0) continue;
      Do += ((o[c] as number[])[k] as number) * d2;
      De += (nc[c] as number) * (nc[k] as number) * d2;
    }
  }
  Do /= n;
  De /= n * (n - 1);
  if (De === 0) throw new StatsInputError("data", "alpha is undefined: all ratings have the same value");
  return 1 - Do / De;
}
