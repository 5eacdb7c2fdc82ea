// Design-based estimates of an online metric. Judged traces come from Poisson sampling with known
// inclusion probabilities π (a rate, a stratum's rate, or 1 for always-sample hits), so the plain
// mean of judged scores is biased toward whatever is over-sampled (errors, small strata). The
// Hájek estimator weights each judged trace by 1/π:
//   ȳ = Σ y/π / Σ 1/π
// and its linearized variance under Poisson sampling is
//   V(ȳ) ≈ (1/N̂²) Σ (1 − π) / π² · (y − ȳ)²,   N̂ = Σ 1/π
// (Särndal, Swensson & Wretman 1992, §5.7). Always-sampled traces (π = 1) add no sampling
// variance: they are a census of their part of the traffic.

export interface TJudgedValue {
  value: number;
  inclusionProb: number;
}

export interface TEstimate {
  /** Judged traces with a value. */
  n: number;
  /** Σ 1/π: the estimated number of traces the sample stands for. */
  populationEstimate: number;
  mean: number;
  /** Standard error of the Hájek mean. */
  se: number;
  /** 95% normal interval (mean ± 1.96·se). */
  ciLow: number;
  ciHigh: number;
  halfWidth: number;
  /** Unweighted mean of the judged traces, for comparison. */
  naiveMean: number;
}

export const Z95 = 1.959963984540054;

/** The Hájek mean with its linearized variance; null when nothing was judged. */
export function hajekEstimate(rows: readonly TJudgedValue[]): TEstimate | null {
  const ok = rows.filter((r) => Number.isFinite(r.value) && r.inclusionProb > 0 && r.inclusionProb <= 1);
  if (ok.length === 0) return null;
  let nHat = 0;
  let weighted = 0;
  let plain = 0;
  for (const r of ok) {
    nHat += 1 / r.inclusionProb;
    weighted += r.value / r.inclusionProb;
    plain += r.value;
  }
  const mean = weighted / nHat;
  let v = 0;
  for (const r of ok) {
    const p = r.inclusionProb;
    v += ((1 - p) / (p * p)) * (r.value - mean) ** 2;
  }
  const se = Math.sqrt(v) / nHat;
  const halfWidth = Z95 * se;
  return {
    n: ok.length,
    populationEstimate: nHat,
    mean,
    se,
    ciLow: mean - halfWidth,
    ciHigh: mean + halfWidth,
    halfWidth,
    naiveMean: plain / ok.length,
  };
}

/** Estimates per group key (a day, a prompt version), in key order. */
export function estimatesBy<T extends TJudgedValue>(
  rows: readonly T[],
  key: (r: T) => string,
): Array<{ key: string; estimate: TEstimate }> {
  const groups = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    const g = groups.get(k);
    if (g) g.push(r);
    else groups.set(k, [r]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .flatMap(([k, g]) => {
      const estimate = hajekEstimate(g);
      return estimate ? [{ key: k, estimate }] : [];
    });
}

/** "4.10 ± 0.12" with digits suited to the interval. */
export function formatEstimate(e: Pick<TEstimate, "mean" | "halfWidth">): string {
  const digits = e.halfWidth > 0 && e.halfWidth < 0.05 ? 3 : 2;
  return `${e.mean.toFixed(digits)} ± ${e.halfWidth.toFixed(digits)}`;
}
