// Which traces an annotation queue takes: deterministic (hash of queue id and trace id), so a
// re-run of the fill job over the same traces picks the same ones.

export type TSampleCandidate = { id: string; stratum: string | null };

/**
 * FNV-1a of `${seed}:${id}` with MurmurHash3's finaliser (FNV alone is lumpy on ids that differ
 * in one character), scaled to [0, 1): a stable pseudo-random draw per (queue, trace).
 */
export function sampleDraw(seed: string, id: string): number {
  let h = 0x811c9dc5;
  const s = `${seed}:${id}`;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return (h >>> 0) / 0x1_0000_0000;
}

/** Random sampling: each trace independently with probability `rate`. */
export function randomSample<T extends TSampleCandidate>(rows: readonly T[], rate: number, seed: string): T[] {
  return rows.filter((r) => sampleDraw(seed, r.id) < rate);
}

/**
 * Stratified sampling: `rate` within every stratum, topped up to `minPerStratum` per stratum
 * (counting `already` items of that stratum today) so low-volume strata are covered, then ordered
 * round-robin across strata so a daily cap does not starve the small ones.
 */
export function stratifiedSample<T extends TSampleCandidate>(
  rows: readonly T[],
  opts: { rate: number; minPerStratum: number; already?: ReadonlyMap<string, number> },
  seed: string,
): T[] {
  const strata = new Map<string, T[]>();
  for (const r of rows) {
    const key = r.stratum ?? "(none)";
    let list = strata.get(key);
    if (!list) strata.set(key, (list = []));
    list.push(r);
  }
  const picked: T[][] = [];
  for (const [key, list] of [...strata.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const ranked = list
      .map((r) => ({ r, d: sampleDraw(seed, r.id) }))
      .sort((a, b) => a.d - b.d || (a.r.id < b.r.id ? -1 : 1));
    const byRate = ranked.filter((x) => x.d < opts.rate).length;
    const need = Math.max(0, opts.minPerStratum - (opts.already?.get(key) ?? 0));
    picked.push(ranked.slice(0, Math.min(ranked.length, Math.max(byRate, need))).map((x) => x.r));
  }
  const out: T[] = [];
  for (let i = 0; picked.some((p) => i < p.length); i++) for (const p of picked) if (i < p.length) out.push(p[i]!);
  return out;
}

/** The stratum of a trace for a field; a trace's first tag for `tags`, its first model for `model`. */
export function stratumOf(
  t: {
    tags: string[];
    userId: string | null;
    models: string[];
    name: string | null;
    environment: string;
    release: string | null;
  },
  field: string,
): string | null {
  switch (field) {
    case "tags":
      return [...t.tags].sort()[0] ?? null;
    case "model":
      return t.models[0] ?? null;
    case "userId":
      return t.userId;
    case "name":
      return t.name;
    case "environment":
      return t.environment;
    case "release":
      return t.release;
    default:
      return null;
  }
}

/** Why a trace counts as an error for an error-triggered queue, or null. */
export function errorTrigger(
  t: { hasError: boolean; outputTokens: number; observationCount: number },
  opts: { minOutputTokens?: number | null; maxOutputTokens?: number | null },
): string | null {
  if (t.hasError) return "error";
  if (opts.minOutputTokens != null && t.outputTokens < opts.minOutputTokens) return "short output";
  if (opts.maxOutputTokens != null && t.outputTokens > opts.maxOutputTokens) return "long output";
  return null;
}
