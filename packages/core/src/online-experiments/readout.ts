/**
 * Readout of an online A/B(/n) experiment: per-variant estimates, differences to control
 * (fixed-horizon AND peek-safe), SRM, guardrails, Holm-adjusted secondaries, a verdict in
 * words and a machine-readable decision. The decision only uses peek-safe numbers
 * (confidence sequences), so the page can be refreshed every minute without inflating
 * false positives. Formulas and sources: README.md next to this file.
 */
import { tTwoSidedP, studentTPpf, normPpf, zTwoSidedP } from "../stats/dist";
import { twoProportionZTest } from "../stats/contingency";
import { StatsInputError } from "../stats/errors";
import { meanIntervalFromSums, wilsonInterval } from "../stats/intervals";
import { adjustPValues } from "../stats/multiple-testing";
import { sequentialCI } from "../stats/sequential";
import { srmCheck } from "../stats/srm";
import { ipwEstimates } from "./ipw";
import { isObject, moments, readMean, readRate } from "./summaries";
import type {
  AnalyzeOnlineInput,
  Comparison,
  GuardrailResult,
  IpwResult,
  IpwRow,
  MetricInput,
  MetricResult,
  MetricSummary,
  OnlineDecision,
  OnlineReadout,
  OnlineVariantInput,
  SrmReport,
  VariantEstimate,
} from "./types";

/** Defaults of analyzeOnlineExperiment. */
export const READOUT_DEFAULTS = {
  alpha: 0.05,
  nStar: 5000,
  srmThreshold: 0.001,
  minimumEffectRate: 0.01,
  minimumEffectSd: 0.1,
} as const;

/** Most variants / metrics accepted (bounded work per request). */
const MAX_VARIANTS = 20;
const MAX_METRICS = 50;

function readVariants(v: unknown): OnlineVariantInput[] {
  if (!Array.isArray(v) || v.length < 2) throw new StatsInputError("variants", "needs at least 2 variants");
  if (v.length > MAX_VARIANTS)
    throw new StatsInputError("variants", `at most ${MAX_VARIANTS} variants, got ${v.length}`);
  const keys = new Set<string>();
  let controls = 0;
  const out = v.map((x: unknown, i) => {
    if (!isObject(x))
      throw new StatsInputError(`variants[${i}]`, "must be {key, isControl, exposures, expectedWeight}");
    if (typeof x.key !== "string" || x.key.length === 0)
      throw new StatsInputError(`variants[${i}].key`, "must be a non-empty string");
    if (keys.has(x.key)) throw new StatsInputError(`variants[${i}].key`, `duplicate key "${x.key}"`);
    keys.add(x.key);
    if (typeof x.isControl !== "boolean") throw new StatsInputError(`variants[${i}].isControl`, "must be a boolean");
    if (x.isControl) controls++;
    const e = x.exposures;
    if (typeof e !== "number" || !Number.isInteger(e) || e < 0)
      throw new StatsInputError(`variants[${i}].exposures`, `must be a non-negative integer, got ${String(e)}`);
    const w = x.expectedWeight;
    if (typeof w !== "number" || !Number.isFinite(w) || w < 0 || w > 1)
      throw new StatsInputError(`variants[${i}].expectedWeight`, `must be in [0, 1], got ${String(w)}`);
    return { key: x.key, isControl: x.isControl, exposures: e, expectedWeight: w };
  });
  if (controls !== 1) throw new StatsInputError("variants", `exactly one variant must be the control, got ${controls}`);
  const total = out.reduce((s, x) => s + x.expectedWeight, 0);
  if (Math.abs(total - 1) > 1e-3) throw new StatsInputError("variants", `expectedWeight must sum to 1, got ${total}`);
  return out;
}

function readMetric(name: string, m: unknown, k: number): MetricInput {
  if (!isObject(m)) throw new StatsInputError(name, "must be {name, kind, higherIsBetter, perVariant}");
  if (typeof m.name !== "string" || m.name.length === 0)
    throw new StatsInputError(`${name}.name`, "must be a non-empty string");
  if (m.kind !== "rate" && m.kind !== "mean")
    throw new StatsInputError(`${name}.kind`, `must be "rate" or "mean", got ${String(m.kind)}`);
  if (typeof m.higherIsBetter !== "boolean") throw new StatsInputError(`${name}.higherIsBetter`, "must be a boolean");
  if (!Array.isArray(m.perVariant) || m.perVariant.length !== k)
    throw new StatsInputError(`${name}.perVariant`, `must have one summary per variant (${k})`);
  const kind = m.kind;
  const perVariant = m.perVariant.map((s: unknown, i): MetricSummary => {
    if (kind === "rate") {
      const r = readRate(`${name}.perVariant[${i}]`, s);
      if (!Number.isInteger(r.successes))
        throw new StatsInputError(`${name}.perVariant[${i}].successes`, "must be an integer for a rate");
      return r;
    }
    return readMean(`${name}.perVariant[${i}]`, s);
  });
  return { name: m.name, kind, higherIsBetter: m.higherIsBetter, perVariant };
}

function readMetricList(name: string, v: unknown, k: number): MetricInput[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) throw new StatsInputError(name, "must be an array");
  if (v.length > MAX_METRICS) throw new StatsInputError(name, `at most ${MAX_METRICS} metrics, got ${v.length}`);
  return v.map((m: unknown, i) => readMetric(`${name}[${i}]`, m, k));
}

interface Ctx {
  variants: OnlineVariantInput[];
  control: number;
  alpha: number;
  nStar: number;
  minimumEffect: number | undefined;
}

interface RawComparison {
  index: number;
  difference: number;
  controlEstimate: number;
  stdError: number;
  ci: [number, number];
  p: number;
  n: number;
  pooledSd: number;
}

/** Fixed-horizon comparison of variant t vs control from summaries. */
function compareSummaries(
  kind: "rate" | "mean",
  t: MetricSummary,
  c: MetricSummary,
  alpha: number,
): Omit<RawComparison, "index" | "n"> {
  const mt = moments(t);
  const mc = moments(c);
  const difference = mt.mean - mc.mean;
  const pooledSd = Math.sqrt((mt.variance + mc.variance) / 2);
  if (kind === "rate") {
    const rt = t as { n: number; successes: number };
    const rc = c as { n: number; successes: number };
    const z = twoProportionZTest(rt.successes, rt.n, rc.successes, rc.n, { alpha });
    const stdError = Math.sqrt(mt.variance / mt.n + mc.variance / mc.n);
    return { difference, controlEstimate: mc.mean, stdError, ci: z.ciDiff, p: z.p, pooledSd };
  }
  // Welch t-test from sufficient statistics (scipy ttest_ind(equal_var=False))
  const vt = mt.variance / mt.n;
  const vc = mc.variance / mc.n;
  const stdError = Math.sqrt(vt + vc);
  if (stdError === 0) {
    return {
      difference,
      controlEstimate: mc.mean,
      stdError,
      ci: [difference, difference],
      p: difference === 0 ? 1 : 0,
      pooledSd,
    };
  }
  const df = ((vt + vc) * (vt + vc)) / ((vt * vt) / (mt.n - 1) + (vc * vc) / (mc.n - 1));
  const q = studentTPpf(1 - alpha / 2, df);
  return {
    difference,
    controlEstimate: mc.mean,
    stdError,
    ci: [difference - q * stdError, difference + q * stdError],
    p: tTwoSidedP(difference / stdError, df),
    pooledSd,
  };
}

function outcomeOf(lower: number, upper: number, higherIsBetter: boolean): Comparison["outcome"] {
  if (lower > 0) return higherIsBetter ? "better" : "worse";
  if (upper < 0) return higherIsBetter ? "worse" : "better";
  return "inconclusive";
}

function analyzeMetric(
  metric: MetricInput,
  ctx: Ctx,
  peekAlpha: number,
  ipw: IpwResult | null,
): MetricResult & { raw: RawComparison[] } {
  const { variants, control, alpha, nStar } = ctx;
  const z = normPpf(1 - alpha / 2);
  const estimates: VariantEstimate[] = variants.map((v, i) => {
    if (ipw) {
      const a = ipw.arms[i]!;
      return { key: v.key, n: a.n, estimate: a.mean ?? 0, ci: a.ci };
    }
    const s = metric.perVariant[i]!;
    if ("successes" in s) {
      const w = wilsonInterval(s.successes, s.n, 1 - alpha);
      return {
        key: v.key,
        n: s.n,
        estimate: s.n > 0 ? s.successes / s.n : 0,
        ci: w ? { lower: w.lower, upper: w.upper } : null,
      };
    }
    const m = meanIntervalFromSums(s.n, s.sum, s.sumSquares, 1 - alpha);
    return {
      key: v.key,
      n: s.n,
      estimate: m ? m.estimate : 0,
      ci: m && s.n >= 2 ? { lower: m.lower, upper: m.upper } : null,
    };
  });
  const raw: RawComparison[] = [];
  const comparisons: Comparison[] = [];
  variants.forEach((v, i) => {
    if (i === control) return;
    const st = metric.perVariant[i]!;
    const sc = metric.perVariant[control]!;
    let r: Omit<RawComparison, "index" | "n">;
    let n: number;
    if (ipw) {
      const at = ipw.arms[i]!;
      const ac = ipw.arms[control]!;
      if (at.stdError === null || ac.stdError === null) return;
      const difference = (at.mean as number) - (ac.mean as number);
      const stdError = Math.sqrt(at.stdError ** 2 + ac.stdError ** 2);
      const mt = moments(st);
      const mc = moments(sc);
      r = {
        difference,
        controlEstimate: ac.mean as number,
        stdError,
        ci: [difference - z * stdError, difference + z * stdError],
        p: stdError > 0 ? zTwoSidedP(difference / stdError) : difference === 0 ? 1 : 0,
        pooledSd: Math.sqrt((mt.variance + mc.variance) / 2),
      };
      n = at.n + ac.n;
    } else {
      if (st.n < 2 || sc.n < 2) return;
      r = compareSummaries(metric.kind, st, sc, alpha);
      n = st.n + sc.n;
    }
    let psCi: [number, number];
    let psP: number;
    if (r.stdError > 0) {
      const cs = sequentialCI({ estimate: r.difference, stdError: r.stdError, n, nStar, alpha: peekAlpha });
      psCi = cs.ci;
      psP = cs.p;
    } else {
      psCi = [r.difference, r.difference];
      psP = r.difference === 0 ? 1 : 0;
    }
    raw.push({ ...r, index: i, n });
    comparisons.push({
      key: v.key,
      difference: r.difference,
      relative: r.controlEstimate !== 0 ? r.difference / r.controlEstimate : null,
      stdError: r.stdError,
      ci: { lower: r.ci[0], upper: r.ci[1] },
      p: r.p,
      peekSafe: { ci: { lower: psCi[0], upper: psCi[1] }, p: psP },
      pAdjusted: psP,
      outcome: outcomeOf(psCi[0], psCi[1], metric.higherIsBetter),
    });
  });
  return {
    name: metric.name,
    kind: metric.kind,
    higherIsBetter: metric.higherIsBetter,
    estimator: ipw ? "ipw" : "naive",
    variants: estimates,
    comparisons,
    raw,
  };
}

function strip(m: MetricResult & { raw?: unknown }): MetricResult {
  const { name, kind, higherIsBetter, estimator, variants, comparisons } = m;
  return { name, kind, higherIsBetter, estimator, variants, comparisons };
}

/** "+2.1 pts" for rates, "+0.0312" for means. */
function fmtDiff(kind: "rate" | "mean", x: number, unit = true): string {
  const sign = x > 0 ? "+" : x < 0 ? "−" : "±";
  const a = Math.abs(x);
  if (kind === "rate") return `${sign}${(a * 100).toFixed(1)}${unit ? " pts" : ""}`;
  return `${sign}${a === 0 ? "0" : Number(a.toPrecision(3)).toString()}`;
}

function fmtCi(kind: "rate" | "mean", ci: { lower: number; upper: number }): string {
  return `${fmtDiff(kind, ci.lower, false)} to ${fmtDiff(kind, ci.upper, false)}`;
}

export function fmtP(p: number): string {
  if (p < 0.001) return p.toExponential(1);
  return p.toFixed(3);
}

function levelPct(alpha: number): string {
  return `${Number(((1 - alpha) * 100).toFixed(2))}%`;
}

/** IPW rows of the primary, with errors named after the `ipw` field. */
function readIpw(rows: unknown, k: number, alpha: number): IpwResult {
  if (!Array.isArray(rows)) throw new StatsInputError("ipw", "must be an array of {variantIndex, reward, propensity}");
  rows.forEach((r: unknown, i) => {
    if (isObject(r) && typeof r.variantIndex === "number" && r.variantIndex >= k)
      throw new StatsInputError(`ipw[${i}].variantIndex`, `must be < ${k} (one per variant), got ${r.variantIndex}`);
  });
  try {
    return ipwEstimates(rows as IpwRow[], { numArms: k, alpha });
  } catch (e) {
    if (e instanceof StatsInputError && e.argument.startsWith("rows")) {
      const arg = `ipw${e.argument.slice(4)}`;
      throw new StatsInputError(arg, e.message.slice(e.argument.length + 2));
    }
    throw e;
  }
}

/** Analyze an online experiment. Validates input (throws StatsInputError naming the argument). */
export function analyzeOnlineExperiment(input: AnalyzeOnlineInput): OnlineReadout {
  if (!isObject(input)) throw new StatsInputError("input", "must be an object");
  const variants = readVariants(input.variants);
  const k = variants.length;
  const control = variants.findIndex((v) => v.isControl);
  const alpha = input.alpha ?? READOUT_DEFAULTS.alpha;
  if (typeof alpha !== "number" || !(alpha > 0 && alpha < 1))
    throw new StatsInputError("alpha", `must be in (0, 1), got ${String(alpha)}`);
  const nStar = input.nStar ?? READOUT_DEFAULTS.nStar;
  if (typeof nStar !== "number" || !Number.isFinite(nStar) || nStar <= 0)
    throw new StatsInputError("nStar", `must be > 0, got ${String(nStar)}`);
  const srmThreshold = input.srmThreshold ?? READOUT_DEFAULTS.srmThreshold;
  if (typeof srmThreshold !== "number" || !(srmThreshold > 0 && srmThreshold < 1))
    throw new StatsInputError("srmThreshold", `must be in (0, 1), got ${String(srmThreshold)}`);
  const minimumEffect = input.minimumEffect;
  if (
    minimumEffect !== undefined &&
    (typeof minimumEffect !== "number" || !Number.isFinite(minimumEffect) || minimumEffect < 0)
  )
    throw new StatsInputError("minimumEffect", `must be a finite number ≥ 0, got ${String(minimumEffect)}`);
  const primaryIn = readMetric("primary", input.primary, k);
  const guardrailsIn = readMetricList("guardrails", input.guardrails, k);
  const secondariesIn = readMetricList("secondaries", input.secondaries, k);
  const ipw = input.ipw !== undefined ? readIpw(input.ipw, k, alpha) : null;

  const ctx: Ctx = { variants, control, alpha, nStar, minimumEffect };
  // Primary: Bonferroni over treatments so "ship the best of m" keeps the overall error at alpha.
  const treatments = k - 1;
  const primaryAlpha = alpha / treatments;

  // SRM
  const totalExposures = variants.reduce((s, v) => s + v.exposures, 0);
  const wsum = variants.reduce((s, v) => s + v.expectedWeight, 0);
  const expectedShares = variants.map((v) => v.expectedWeight / wsum);
  let srm: SrmReport | null = null;
  if (totalExposures > 0) {
    const observedShares = variants.map((v) => v.exposures / totalExposures);
    // Variants meant to get no traffic (weight 0, e.g. a bandit arm at floor 0) take no part in
    // the test; if one received units anyway, the split is broken by definition.
    const used = variants.map((v, i) => i).filter((i) => expectedShares[i]! > 0);
    const leaked = variants.some((v, i) => expectedShares[i] === 0 && v.exposures > 0);
    const usedExposures = used.reduce((s, i) => s + variants[i]!.exposures, 0);
    if (leaked) {
      srm = {
        chi2: Number.MAX_VALUE,
        dof: Math.max(1, used.length - 1),
        p: 0,
        flagged: true,
        observedShares,
        expectedShares,
      };
    } else if (used.length >= 2 && usedExposures > 0) {
      const usedSum = used.reduce((s, i) => s + expectedShares[i]!, 0);
      const r = srmCheck(
        used.map((i) => variants[i]!.exposures),
        used.map((i) => expectedShares[i]! / usedSum),
        { threshold: srmThreshold },
      );
      srm = { ...r, observedShares, expectedShares };
    } else {
      srm = { chi2: 0, dof: 0, p: 1, flagged: false, observedShares, expectedShares };
    }
  }
  const trustworthy = !(srm?.flagged ?? false);

  const primaryFull = analyzeMetric(primaryIn, ctx, primaryAlpha, ipw);
  const guardrails: GuardrailResult[] = guardrailsIn.map((g) => {
    const r = strip(analyzeMetric(g, ctx, alpha, null));
    const failedVariants = r.comparisons.filter((c) => c.outcome === "worse").map((c) => c.key);
    return { ...r, failedVariants, failed: failedVariants.length > 0 };
  });
  const secondaries = secondariesIn.map((s) => strip(analyzeMetric(s, ctx, alpha, null)));
  // Holm across every (secondary, treatment) comparison, on the always-valid p-values.
  const family = secondaries.flatMap((s) => s.comparisons);
  if (family.length > 0) {
    const adj = adjustPValues(
      family.map((c) => c.peekSafe.p),
      "holm",
    );
    family.forEach((c, i) => {
      c.pAdjusted = adj[i]!;
    });
    for (const s of secondaries) {
      for (const c of s.comparisons) {
        c.outcome =
          c.pAdjusted <= alpha ? (c.difference > 0 === s.higherIsBetter ? "better" : "worse") : "inconclusive";
      }
    }
  }

  const primary = strip(primaryFull);
  const { decision, winner, verdict } = decide({ srm, primary, raw: primaryFull.raw, guardrails, ctx, primaryAlpha });
  return { alpha, srm, trustworthy, primary, guardrails, secondaries, decision, winner, verdict };
}

function decide(a: {
  srm: SrmReport | null;
  primary: MetricResult;
  raw: RawComparison[];
  guardrails: GuardrailResult[];
  ctx: Ctx;
  primaryAlpha: number;
}): { decision: OnlineDecision; winner: string | null; verdict: string } {
  const { srm, primary, raw, guardrails, ctx, primaryAlpha } = a;
  const controlKey = ctx.variants[ctx.control]!.key;
  const level = levelPct(primaryAlpha);
  const kind = primary.kind;
  if (srm?.flagged) {
    const obs = srm.observedShares.map((s) => `${(s * 100).toFixed(1)}%`).join(" / ");
    const exp = srm.expectedShares.map((s) => `${(s * 100).toFixed(1)}%`).join(" / ");
    return {
      decision: "untrustworthy",
      winner: null,
      verdict: `Sample ratio mismatch (p = ${fmtP(srm.p)}): observed split ${obs} vs expected ${exp}. Results untrustworthy until explained.`,
    };
  }
  const treatments = ctx.variants.filter((_, i) => i !== ctx.control);
  if (srm === null || primary.comparisons.length === 0) {
    return {
      decision: "keep_running",
      winner: null,
      verdict: `Not enough data yet: every variant needs at least 2 units with ${primary.name}. Keep running.`,
    };
  }
  const failedBy = (key: string): string[] =>
    guardrails.filter((g) => g.failedVariants.includes(key)).map((g) => g.name);
  const describe = (c: Comparison): string =>
    `${fmtDiff(kind, c.difference)} (peek-safe ${level} CI ${fmtCi(kind, c.peekSafe.ci)})`;
  const winners = primary.comparisons.filter((c) => c.outcome === "better");
  if (winners.length > 0) {
    const sign = primary.higherIsBetter ? 1 : -1;
    const ranked = [...winners].sort((x, y) => sign * (y.difference - x.difference));
    const ok = ranked.filter((c) => failedBy(c.key).length === 0);
    if (ok.length > 0) {
      const best = ok[0]!;
      const gr = guardrails.length === 0 ? "no guardrails set" : "no guardrail worse";
      return {
        decision: "ship",
        winner: best.key,
        verdict: `${best.key} beats ${controlKey} on ${primary.name} by ${describe(best)}; ${gr}. Ship ${best.key}.`,
      };
    }
    const best = ranked[0]!;
    return {
      decision: "guardrail_failed",
      winner: null,
      verdict: `${best.key} beats ${controlKey} on ${primary.name} by ${describe(best)}, but is worse on guardrail ${failedBy(best.key).join(", ")}. Don't ship ${best.key} as is.`,
    };
  }
  const failing = treatments.filter((t) => failedBy(t.key).length > 0);
  if (failing.length > 0) {
    const parts = failing.map((t) => {
      const names = failedBy(t.key);
      const g = guardrails.find((x) => x.name === names[0])!;
      const c = g.comparisons.find((x) => x.key === t.key)!;
      return `${t.key} is worse than ${controlKey} on guardrail ${names[0]} by ${fmtDiff(g.kind, c.difference)} (peek-safe ${levelPct(ctx.alpha)} CI ${fmtCi(g.kind, c.peekSafe.ci)})`;
    });
    return {
      decision: "guardrail_failed",
      winner: null,
      verdict: `${parts.join("; ")}. Stop ${failing.map((t) => t.key).join(", ")}.`,
    };
  }
  const complete = primary.comparisons.length === treatments.length;
  if (complete && primary.comparisons.every((c) => c.outcome === "worse")) {
    const c = primary.comparisons[0]!;
    const who = treatments.length === 1 ? c.key : "every variant";
    return {
      decision: "stop_no_effect",
      winner: null,
      verdict: `${who} is worse than ${controlKey} on ${primary.name}${treatments.length === 1 ? ` by ${describe(c)}` : ""}. Stop and keep ${controlKey}.`,
    };
  }
  const margins = raw.map((r) =>
    ctx.minimumEffect !== undefined
      ? ctx.minimumEffect
      : kind === "rate"
        ? READOUT_DEFAULTS.minimumEffectRate
        : READOUT_DEFAULTS.minimumEffectSd * r.pooledSd,
  );
  const equivalent =
    complete &&
    primary.comparisons.every(
      (c, i) => c.peekSafe.ci.lower > -margins[i]! && c.peekSafe.ci.upper < margins[i]! && c.outcome !== "worse",
    );
  if (equivalent) {
    const m = margins[0]!;
    const c = primary.comparisons[0]!;
    return {
      decision: "stop_no_effect",
      winner: null,
      verdict: `No effect worth shipping: ${treatments.length === 1 ? `${c.key} vs ${controlKey}` : "every variant"} on ${primary.name} is within ±${fmtDiff(kind, m).slice(1)} (${describe(c)}). Stop the experiment.`,
    };
  }
  const c = [...primary.comparisons].sort((x, y) => x.peekSafe.p - y.peekSafe.p)[0]!;
  return {
    decision: "keep_running",
    winner: null,
    verdict: `Not enough evidence yet: ${c.key} vs ${controlKey} on ${primary.name} ${describe(c)}. Keep running.`,
  };
}
