/**
 * Multiple-testing corrections (statsmodels.stats.multitest.multipletests
 * conventions). Returns a new array in the input order; the input is never mutated.
 */
import { StatsInputError } from "./errors";
import { finiteArray, oneOf } from "./validate";

export type PAdjustMethod = "bonferroni" | "holm" | "bh" | "by";

export function adjustPValues(p: readonly number[], method: PAdjustMethod): number[] {
  const ps = finiteArray("p", p, 1);
  ps.forEach((v, i) => {
    if (v < 0 || v > 1) throw new StatsInputError("p", `element ${i} must be in [0, 1], got ${v}`);
  });
  const m = oneOf("method", method, ["bonferroni", "holm", "bh", "by"]);
  const n = ps.length;
  if (m === "bonferroni") return ps.map((v) => Math.min(1, v * n));
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => (ps[i] as number) - (ps[j] as number));
  const out = new Array<number>(n).fill(0);
  if (m === "holm") {
    // step-down: running max of (n − k)·p_(k), k = 0..n−1
    let running = 0;
    for (let k = 0; k < n; k++) {
      const idx = order[k] as number;
      running = Math.max(running, Math.min(1, (n - k) * (ps[idx] as number)));
      out[idx] = running;
    }
    return out;
  }
  // BH / BY step-up: running min from the largest p of p_(k)·n/k (·c(n) for BY)
  let cn = 1;
  if (m === "by") {
    cn = 0;
    for (let i = 1; i <= n; i++) cn += 1 / i;
  }
  let running = 1;
  for (let k = n - 1; k >= 0; k--) {
    const idx = order[k] as number;
    running = Math.min(running, ((ps[idx] as number) * n * cn) / (k + 1));
    out[idx] = Math.min(1, running);
  }
  return out;
}
