import { quantileSorted } from "../stats/util";

/** numpy-style linear-interpolation quantile; null for an empty sample. Does not mutate `values`. */
export function quantile(values: ArrayLike<number>, q: number): number | null {
  if (values.length === 0) return null;
  return quantileSorted(Float64Array.from(values).sort(), q);
}

/** k-th smallest (0-based) of buf[lo..hi], reordering buf in place (Hoare quickselect). */
function select(buf: Float64Array, k: number, lo: number, hi: number): number {
  while (hi > lo) {
    const pivot = buf[(lo + hi) >> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (buf[i]! < pivot) i++;
      while (buf[j]! > pivot) j--;
      if (i <= j) {
        const t = buf[i]!;
        buf[i] = buf[j]!;
        buf[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return buf[k]!;
  }
  return buf[k]!;
}

/**
 * The same quantile as `quantile`, in O(n) by selection, reordering `buf`: for bootstrap
 * statistics, whose buffers are refilled on every resample.
 */
export function quantileInPlace(buf: Float64Array, q: number): number {
  const n = buf.length;
  const pos = (n - 1) * q;
  const lo = Math.floor(pos);
  const a = select(buf, lo, 0, n - 1);
  if (lo + 1 >= n || pos === lo) return a;
  // After selecting lo, everything right of it is ≥ a: the next order statistic is their minimum.
  let b = Infinity;
  for (let i = lo + 1; i < n; i++) if (buf[i]! < b) b = buf[i]!;
  return a + (b - a) * (pos - lo);
}
