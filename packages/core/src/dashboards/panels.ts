import { meanIntervalFromSums, wilsonInterval } from "../stats/intervals";
import { mergeSketch, sketchCount, sketchFromArrays, sketchQuantile, type TSketch } from "./latency-sketch";

// Turns grouped roll-up rows into the dashboard's panel series. Pure: the chart library only
// renders what this returns, so charts can be swapped without touching the numbers.

/** A point with fewer samples than this is flagged: its rate or mean is mostly noise. */
export const MIN_SAMPLES = 30;

export type TBucket = "hour" | "day";
type TTime = { t: Date };
export type TTraceRow = TTime & {
  traces: number;
  errors: number;
  successes: number;
  cost: number;
  thumbsUp: number;
  thumbsDown: number;
  ratingN: number;
  ratingSum: number;
  ratingSumSq: number;
  ratingCounts: number[];
};
export type TSketchRowIn = TTime & { key: string; b: number[]; c: number[] };
export type TGenerationRow = TTime & {
  model: string;
  generations: number;
  errors: number;
  cost: number;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
};
export type TScoreRow = TTime & {
  scoreName: string;
  source: string;
  n: number;
  sum: number;
  sumSq: number;
  below: number;
};
export type TPanelInput = {
  traces: TTraceRow[];
  traceLatency: TSketchRowIn[];
  generations: TGenerationRow[];
  genLatency: TSketchRowIn[];
  scores: TScoreRow[];
  safety: Array<TTime & { violations: number; checks: number }>;
  users: Array<TTime & { users: number; traces: number }>;
  hourOfDay: Array<{ hourOfDay: number; traces: number }>;
  topNames: Array<{ name: string; cost: number; traces: number }>;
  topPrompts: Array<{ promptName: string; promptVersion: number; cost: number; generations: number }>;
};

const STEP_MS: Record<TBucket, number> = { hour: 3600_000, day: 86_400_000 };

/** Start of every bucket in [from, to) (UTC), so a quiet day shows as zero, not as a gap. */
export function bucketStarts(from: Date, to: Date, bucket: TBucket): string[] {
  const step = STEP_MS[bucket];
  const out: string[] = [];
  for (let t = Math.floor(from.getTime() / step) * step; t < to.getTime(); t += step)
    out.push(new Date(t).toISOString());
  return out;
}

const iso = (d: Date) => new Date(d).toISOString();
const ratio = (a: number, b: number) => (b > 0 ? a / b : null);

function quantiles(s: TSketch | undefined) {
  const n = s ? sketchCount(s) : 0;
  return {
    n,
    p50: s && n ? sketchQuantile(s, 0.5) : null,
    p95: s && n ? sketchQuantile(s, 0.95) : null,
    p99: s && n ? sketchQuantile(s, 0.99) : null,
    lowSample: n < MIN_SAMPLES,
  };
}

function sketchesBy(rows: TSketchRowIn[], keyOf: (r: TSketchRowIn) => string): Map<string, TSketch> {
  const out = new Map<string, TSketch>();
  for (const r of rows) {
    const k = keyOf(r);
    out.set(k, mergeSketch(out.get(k) ?? new Map(), sketchFromArrays(r.b, r.c)));
  }
  return out;
}

export function buildPanels(input: TPanelInput, from: Date, to: Date, bucket: TBucket) {
  const ts = bucketStarts(from, to, bucket);
  const byT = <R extends TTime>(rows: R[]) => new Map(rows.map((r) => [iso(r.t), r]));
  const traces = byT(input.traces);
  const safety = byT(input.safety);
  const users = byT(input.users);
  const models = [...new Set(input.generations.map((g) => g.model || "(none)"))].sort();

  const genByT = new Map<string, TGenerationRow[]>();
  for (const g of input.generations) genByT.set(iso(g.t), [...(genByT.get(iso(g.t)) ?? []), g]);
  const sumGen = (t: string, f: (g: TGenerationRow) => number) => (genByT.get(t) ?? []).reduce((a, g) => a + f(g), 0);

  const traceLat = sketchesBy(input.traceLatency, (r) => iso(r.t));
  const genLat = sketchesBy(input.genLatency, (r) => iso(r.t));
  const genLatByModel = sketchesBy(input.genLatency, (r) => `${iso(r.t)} ${r.key || "(none)"}`);

  const cost = ts.map((t) => {
    const row: Record<string, number | string | null> = { t };
    for (const m of models) row[m] = 0;
    for (const g of genByT.get(t) ?? []) row[g.model || "(none)"] = (row[g.model || "(none)"] as number) + g.cost;
    const tr = traces.get(t);
    row.total = tr?.cost ?? 0;
    row.traces = tr?.traces ?? 0;
    row.costPerTrace = tr ? ratio(tr.cost, tr.traces) : null;
    row.successes = tr?.successes ?? 0;
    row.costPerSuccess = tr ? ratio(tr.cost, tr.successes) : null;
    return row;
  });

  const tokens = ts.map((t) => ({
    t,
    input: sumGen(t, (g) => g.inputTokens),
    output: sumGen(t, (g) => g.outputTokens),
    cacheRead: sumGen(t, (g) => g.cacheReadTokens),
    cacheWrite: sumGen(t, (g) => g.cacheWriteTokens),
  }));

  const latency = {
    traces: ts.map((t) => ({ t, ...quantiles(traceLat.get(t)) })),
    generations: ts.map((t) => ({ t, ...quantiles(genLat.get(t)) })),
    byModel: models.map((model) => ({
      model,
      points: ts.map((t) => ({ t, ...quantiles(genLatByModel.get(`${t} ${model}`)) })),
    })),
  };

  const scoreKeys = [...new Set(input.scores.map((s) => `${s.scoreName}\u0000${s.source}`))].sort();
  const quality = scoreKeys.map((key) => {
    const [scoreName, source] = key.split("\u0000") as [string, string];
    const rows = byT(input.scores.filter((s) => s.scoreName === scoreName && s.source === source));
    const all = [...rows.values()];
    const n = all.reduce((a, r) => a + r.n, 0);
    const overall = meanIntervalFromSums(
      n,
      all.reduce((a, r) => a + r.sum, 0),
      all.reduce((a, r) => a + r.sumSq, 0),
    );
    return {
      scoreName,
      source,
      n,
      mean: overall?.estimate ?? null,
      belowShare: ratio(
        all.reduce((a, r) => a + r.below, 0),
        n,
      ),
      points: ts.map((t) => {
        const r = rows.get(t);
        const ci = r ? meanIntervalFromSums(r.n, r.sum, r.sumSq) : null;
        return {
          t,
          n: r?.n ?? 0,
          mean: ci?.estimate ?? null,
          lower: ci?.lower ?? null,
          upper: ci?.upper ?? null,
          belowShare: r ? ratio(r.below, r.n) : null,
          lowSample: (r?.n ?? 0) < MIN_SAMPLES,
        };
      }),
    };
  });

  const feedback = ts.map((t) => {
    const r = traces.get(t);
    const n = (r?.thumbsUp ?? 0) + (r?.thumbsDown ?? 0);
    const w = wilsonInterval(r?.thumbsUp ?? 0, n);
    return {
      t,
      up: r?.thumbsUp ?? 0,
      down: r?.thumbsDown ?? 0,
      n,
      rate: w?.estimate ?? null,
      lower: w?.lower ?? null,
      upper: w?.upper ?? null,
      lowSample: n < MIN_SAMPLES,
    };
  });
  const all = input.traces;
  const ratingN = all.reduce((a, r) => a + r.ratingN, 0);
  const ratingCi = meanIntervalFromSums(
    ratingN,
    all.reduce((a, r) => a + r.ratingSum, 0),
    all.reduce((a, r) => a + r.ratingSumSq, 0),
  );
  const ratings = {
    n: ratingN,
    mean: ratingCi?.estimate ?? null,
    lower: ratingCi?.lower ?? null,
    upper: ratingCi?.upper ?? null,
    counts: [0, 1, 2, 3, 4].map((i) => all.reduce((a, r) => a + (r.ratingCounts[i] ?? 0), 0)),
  };

  const errors = ts.map((t) => {
    const r = traces.get(t);
    const n = r?.traces ?? 0;
    const w = wilsonInterval(r?.errors ?? 0, n);
    const outputs = sumGen(t, (g) => g.generations);
    const violations = safety.get(t)?.violations ?? 0;
    return {
      t,
      traces: n,
      errors: r?.errors ?? 0,
      rate: w?.estimate ?? null,
      lower: w?.lower ?? null,
      upper: w?.upper ?? null,
      lowSample: n < MIN_SAMPLES,
      generations: outputs,
      generationErrors: sumGen(t, (g) => g.errors),
      safetyChecks: safety.get(t)?.checks ?? 0,
      safetyViolations: violations,
      safetyPer1000: outputs > 0 ? (violations / outputs) * 1000 : null,
    };
  });

  const usage = ts.map((t) => {
    const r = traces.get(t);
    const u = users.get(t);
    return {
      t,
      traces: r?.traces ?? 0,
      users: u?.users ?? null,
      tracesPerUser: u ? ratio(u.traces, u.users) : null,
    };
  });
  const hourOfDay = Array.from({ length: 24 }, (_, h) => ({
    hour: h,
    traces: input.hourOfDay.find((r) => r.hourOfDay === h)?.traces ?? 0,
  }));

  // Whole-window headline numbers (the overview compares two windows of these).
  const allTraceLat = mergeAll(traceLat);
  const totTraces = all.reduce((a, r) => a + r.traces, 0);
  const totUp = all.reduce((a, r) => a + r.thumbsUp, 0);
  const totDown = all.reduce((a, r) => a + r.thumbsDown, 0);
  const mainScore = [...quality].sort((a, b) => b.n - a.n)[0];
  const totals = {
    traces: totTraces,
    generations: input.generations.reduce((a, g) => a + g.generations, 0),
    cost: all.reduce((a, r) => a + r.cost, 0),
    errors: all.reduce((a, r) => a + r.errors, 0),
    errorRate: ratio(
      all.reduce((a, r) => a + r.errors, 0),
      totTraces,
    ),
    p50LatencyMs: sketchQuantile(allTraceLat, 0.5),
    p95LatencyMs: sketchQuantile(allTraceLat, 0.95),
    thumbsUpRate: ratio(totUp, totUp + totDown),
    feedbackN: totUp + totDown,
    mainScore: mainScore
      ? { name: mainScore.scoreName, source: mainScore.source, mean: mainScore.mean, n: mainScore.n }
      : null,
    users: null as number | null,
  };

  return {
    buckets: ts,
    models,
    cost,
    topNames: input.topNames,
    topPrompts: input.topPrompts,
    tokens,
    latency,
    quality,
    feedback,
    ratings,
    errors,
    usage,
    hourOfDay,
    totals,
  };
}
export type TDashboardPanels = ReturnType<typeof buildPanels>;

function mergeAll(m: Map<string, TSketch>): TSketch {
  const out: TSketch = new Map();
  for (const s of m.values()) mergeSketch(out, s);
  return out;
}

/** Relative change b → a (a = current, b = previous); null when there is nothing to compare. */
export function relativeChange(current: number | null, previous: number | null): number | null {
  if (current === null || previous === null || previous === 0) return null;
  return (current - previous) / Math.abs(previous);
}
