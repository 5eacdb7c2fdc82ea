/** Small numeric helpers shared across the stats module (internal). */

export function sum(x: ArrayLike<number>): number {
  // Neumaier compensated summation: closed forms are compared at 1e-12.
  let s = 0;
  let c = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i] as number;
    const t = s + v;
    if (Math.abs(s) >= Math.abs(v)) c += s - t + v;
    else c += v - t + s;
    s = t;
  }
  return s + c;
}

export function mean(x: ArrayLike<number>): number {
  return sum(x) / x.length;
}

/** Sample variance (ddof = 1 by default), two-pass. */
export function variance(x: ArrayLike<number>, ddof = 1): number {
  const m = mean(x);
  let ss = 0;
  for (let i = 0; i < x.length; i++) {
    const d = (x[i] as number) - m;
    ss += d * d;
  }
  return ss / (x.length - ddof);
}

/**
 * Average ranks (1-based, ties get the mean rank) and tie-group sizes,
 * like scipy's `rankdata(method="average")`.
 */
export function rankAverage(x: readonly number[]): { ranks: number[]; ties: number[] } {
  const n = x.length;
  const idx = Array.from({ length: n }, (_, i) => i);
  idx.sort((i, j) => (x[i] as number) - (x[j] as number));
  const ranks = new Array<number>(n).fill(0);
  const ties: number[] = [];
  let i = 0;
  while (i < n) {
    let j = i;
    while (j + 1 < n && x[idx[j + 1] as number] === x[idx[i] as number]) j++;
    const r = (i + j + 2) / 2;
    for (let k = i; k <= j; k++) ranks[idx[k] as number] = r;
    ties.push(j - i + 1);
    i = j + 1;
  }
  return { ranks, ties };
}

/** numpy-style linear-interpolation quantile of a sorted array. */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  const pos = (n - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, n - 1);
  const frac = pos - lo;
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  return a + (b - a) * frac;
}

export function clamp01(p: number): number {
  return p < 0 ? 0 : p > 1 ? 1 : p;
}
