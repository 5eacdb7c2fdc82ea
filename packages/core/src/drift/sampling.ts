// Bounded, reproducible samples: a window keeps each trace with probability rate = limit / count,
// decided by a hash of (seed, trace id), so a report re-run samples the same traces.

export const MAX_SAMPLE = 5000;

/** Rate in millionths for the SQL filter `hash % 1e6 < rate`: everything when count ≤ limit. */
export function sampleRateMillionths(count: number, limit: number): number {
  if (count <= 0 || count <= limit) return 1_000_000;
  // 10% headroom so the hash's variance rarely leaves the sample short; the query still LIMITs.
  return Math.max(1, Math.min(1_000_000, Math.ceil((limit / count) * 1.1 * 1_000_000)));
}

/** Report windows ending at the end of the current hour: the last `windowHours`, and the reference. */
export function driftWindows(
  now: Date,
  s: {
    windowHours: number;
    referenceMode: string;
    referenceHours: number;
    pinnedFrom: Date | null;
    pinnedTo: Date | null;
  },
) {
  const hour = 3600_000;
  // the current hour counts (as on the dashboards): a report run now sees the last minutes too
  const to = Math.ceil(now.getTime() / hour) * hour;
  const from = to - s.windowHours * hour;
  if (s.referenceMode === "pinned" && s.pinnedFrom && s.pinnedTo) {
    return { windowFrom: new Date(from), windowTo: new Date(to), refFrom: s.pinnedFrom, refTo: s.pinnedTo };
  }
  return {
    windowFrom: new Date(from),
    windowTo: new Date(to),
    refFrom: new Date(from - s.referenceHours * hour),
    refTo: new Date(from),
  };
}
