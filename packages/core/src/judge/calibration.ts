/**
 * Judge calibration: agreement between human labels and the judge's scores on the same items.
 */
import { bootstrapCI, spearman } from "../stats";
import { JudgeInputError } from "./errors";
import { DEFAULT_SCALE, scaleLevels } from "./rubric";

export type TKappaWeights = "quadratic" | "linear" | "none";

export interface TJudgeAgreementOptions {
  /** Integer levels min..max (default 1–5). */
  scale?: { min: number; max: number };
  /** κ at or above which the judge counts as calibrated (default 0.6, "substantial" on Landis & Koch). */
  kappaThreshold?: number;
  /** Default "quadratic": ordinal scales, where 4 vs 5 is a smaller disagreement than 1 vs 5. */
  weights?: TKappaWeights;
  seed?: number;
  resamples?: number;
  /** Two-sided level of the bootstrap intervals (default 0.05 → 95 %). */
  alpha?: number;
}

export interface TJudgeAgreement {
  n: number;
  levels: number[];
  weights: TKappaWeights;
  /** Weighted Cohen's κ over the scale's levels; null when undefined (n < 2, or both raters used a single level). */
  kappa: number | null;
  kappaCI: [number, number] | null;
  /** Spearman's ρ; null when n < 2 or either rater is constant. */
  spearman: number | null;
  spearmanCI: [number, number] | null;
  exactAgreement: number | null;
  exactAgreementCI: [number, number] | null;
  /** confusion[i][j]: items humans rated levels[i] and the judge rated levels[j]. */
  confusion: number[][];
  kappaThreshold: number;
  /** kappa ≠ null and kappa ≥ kappaThreshold. */
  calibrated: boolean;
  /** Why a statistic is missing or how an interval was formed. */
  notes: string[];
}

/**
 * Weighted κ from a k×k confusion matrix whose rows/columns are consecutive scale levels, with
 * weights from level distance over the whole scale. stats.cohensKappa weights by position among the
 * labels actually used, which differs when some level is never used; here a 1-vs-5 disagreement
 * weighs the same whether or not anyone used 3. Returns null when chance disagreement is 0.
 */
export function weightedKappa(
  confusion: readonly (readonly number[])[],
  weights: TKappaWeights = "quadratic",
): number | null {
  const k = confusion.length;
  const rows = confusion.map((r) => r.reduce((s, v) => s + v, 0));
  const cols = Array.from({ length: k }, (_, j) => confusion.reduce((s, r) => s + (r[j] ?? 0), 0));
  const n = rows.reduce((s, v) => s + v, 0);
  if (n === 0 || k < 2) return null;
  const w = (i: number, j: number): number =>
    weights === "quadratic"
      ? ((i - j) / (k - 1)) ** 2
      : weights === "linear"
        ? Math.abs(i - j) / (k - 1)
        : i === j
          ? 0
          : 1;
  let obs = 0;
  let exp = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const wij = w(i, j);
      obs += wij * ((confusion[i] as readonly number[])[j] ?? 0);
      exp += (wij * (rows[i] as number) * (cols[j] as number)) / n;
    }
  }
  return exp === 0 ? null : 1 - obs / exp;
}

function confusionOf(h: readonly number[], j: readonly number[], k: number, idx?: ArrayLike<number>): number[][] {
  const m = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const count = idx ? idx.length : h.length;
  for (let t = 0; t < count; t++) {
    const i = idx ? (idx[t] as number) : t;
    const row = m[h[i] as number] as number[];
    row[j[i] as number] = (row[j[i] as number] as number) + 1;
  }
  return m;
}

const isConstant = (x: ArrayLike<number>): boolean => {
  for (let i = 1; i < x.length; i++) if (x[i] !== x[0]) return false;
  return true;
};

function validateRatings(name: string, r: unknown, min: number, max: number): number[] {
  if (!Array.isArray(r)) throw new JudgeInputError(name, "must be an array of ratings");
  r.forEach((v, i) => {
    if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max) {
      throw new JudgeInputError(name, `element ${i} (${String(v)}) is not an integer in ${min}..${max}`);
    }
  });
  return r as number[];
}

/**
 * Agreement of judge scores with human labels over the same items: weighted κ, Spearman's ρ and the
 * exact-agreement rate, each with a seeded percentile bootstrap interval (items resampled jointly),
 * and the confusion matrix over every level of the scale.
 *
 * Degenerate cases: with n < 2 only exactAgreement (and the confusion matrix) is reported. A statistic
 * undefined on the data (constant ratings) is null with a note. Inside the bootstrap a resample on
 * which κ is undefined (all items on one shared level, i.e. perfect agreement) counts as κ = 1, and one
 * on which ρ is undefined (a constant side) as ρ = 0; with few items this widens the intervals, as it should.
 */
export function judgeAgreement(
  human: readonly number[],
  judge: readonly number[],
  opts: TJudgeAgreementOptions = {},
): TJudgeAgreement {
  const scale = opts.scale ?? DEFAULT_SCALE;
  if (!Number.isInteger(scale.min) || !Number.isInteger(scale.max) || scale.max <= scale.min) {
    throw new JudgeInputError("scale", "min and max must be integers with max > min");
  }
  const h0 = validateRatings("human", human, scale.min, scale.max);
  const j0 = validateRatings("judge", judge, scale.min, scale.max);
  if (h0.length !== j0.length)
    throw new JudgeInputError("judge", `must have the same length as human (${h0.length}), got ${j0.length}`);
  const kappaThreshold = opts.kappaThreshold ?? 0.6;
  if (!(kappaThreshold >= -1 && kappaThreshold <= 1)) throw new JudgeInputError("kappaThreshold", "must be in [-1, 1]");
  const weights = opts.weights ?? "quadratic";
  const levels = scaleLevels({ ...scale, anchors: {} });
  const k = levels.length;
  const n = h0.length;
  const h = h0.map((v) => v - scale.min);
  const j = j0.map((v) => v - scale.min);
  const confusion = confusionOf(h, j, k);
  const notes: string[] = [];
  const agree = h.map((v, i) => (v === j[i] ? 1 : 0));
  const exactAgreement = n === 0 ? null : agree.reduce<number>((s, v) => s + v, 0) / n;
  const base = { n, levels, weights, confusion, kappaThreshold };

  if (n < 2) {
    notes.push(`needs at least 2 items for kappa, spearman and intervals; got ${n}`);
    return {
      ...base,
      kappa: null,
      kappaCI: null,
      spearman: null,
      spearmanCI: null,
      exactAgreement,
      exactAgreementCI: null,
      calibrated: false,
      notes,
    };
  }

  const boot = { seed: opts.seed, resamples: opts.resamples ?? 2000, alpha: opts.alpha };
  const indices = Array.from({ length: n }, (_, i) => i);

  const kappa = weightedKappa(confusion, weights);
  let kappaCI: [number, number] | null = null;
  if (kappa === null) {
    notes.push(`kappa undefined: humans and judge rated every item ${h0[0]}`);
  } else {
    kappaCI = bootstrapCI(
      indices,
      (idx: Float64Array) => weightedKappa(confusionOf(h, j, k, idx), weights) ?? 1,
      boot,
    ).ci;
  }

  let rho: number | null = null;
  let spearmanCI: [number, number] | null = null;
  if (isConstant(h) || isConstant(j)) {
    notes.push(`spearman undefined: ${isConstant(h) ? "human" : "judge"} ratings are constant`);
  } else {
    rho = spearman(h, j).rho;
    const hb = new Array<number>(n);
    const jb = new Array<number>(n);
    spearmanCI = bootstrapCI(
      indices,
      (idx: Float64Array) => {
        for (let t = 0; t < n; t++) {
          hb[t] = h[idx[t] as number] as number;
          jb[t] = j[idx[t] as number] as number;
        }
        return isConstant(hb) || isConstant(jb) ? 0 : spearman(hb, jb).rho;
      },
      boot,
    ).ci;
  }

  const exactAgreementCI = bootstrapCI(agree, "mean", boot).ci;
  return {
    ...base,
    kappa,
    kappaCI,
    spearman: rho,
    spearmanCI,
    exactAgreement,
    exactAgreementCI,
    calibrated: kappa !== null && kappa >= kappaThreshold,
    notes,
  };
}
