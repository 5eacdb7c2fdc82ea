import { z } from "zod";
import { mergeSketch, sketchCount, sketchFromArrays, sketchQuantile, type TSketch } from "@yardstick/core/dashboards";
import { queryDashboardData, queryMetricCounters, rebuildDirtyRollups } from "@yardstick/db";

// The dashboard's numbers in Prometheus text exposition format (version 0.0.4) for teams that
// chart in Grafana: all-time counters (rate() them) and latency quantiles over a trailing window.

export const ZMetricsQuery = z.strictObject({
  window: z.enum(["5m", "15m", "1h", "24h"]).default("1h"),
});
const WINDOW_MS = { "5m": 300_000, "15m": 900_000, "1h": 3600_000, "24h": 86_400_000 } as const;

const esc = (v: string) => v.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');
const labels = (l: Record<string, string>) =>
  `{${Object.entries(l)
    .map(([k, v]) => `${k}="${esc(v)}"`)
    .join(",")}}`;

class Exposition {
  private lines: string[] = [];
  metric(
    name: string,
    type: "counter" | "gauge",
    help: string,
    samples: Array<[Record<string, string>, number | null]>,
  ) {
    this.lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    for (const [l, v] of samples) if (v !== null && Number.isFinite(v)) this.lines.push(`${name}${labels(l)} ${v}`);
  }
  toString() {
    return this.lines.join("\n") + "\n";
  }
}

/**
 * Roll-up hours are hourly, so the trailing window covers the hours it touches (a 5m window reads
 * the current hour). Dirty hours are rebuilt first, as a dashboard read does.
 */
export async function renderProjectMetrics(projectId: string, query: z.output<typeof ZMetricsQuery>, now = Date.now()) {
  await rebuildDirtyRollups({ projectId, limit: 200 });
  const to = new Date(Math.ceil(now / 3600_000) * 3600_000);
  const from = new Date(Math.floor((now - WINDOW_MS[query.window]) / 3600_000) * 3600_000);
  const [c, data] = await Promise.all([
    queryMetricCounters(projectId),
    queryDashboardData(projectId, { from, to, bucket: "hour" }, "rollup"),
  ]);
  const x = new Exposition();
  const gl = (g: { model: string; environment: string; release: string }) => ({
    model: g.model,
    environment: g.environment,
    release: g.release,
  });
  x.metric(
    "yardstick_generations_total",
    "counter",
    "Generations ingested",
    c.generations.map((g) => [gl(g), g.generations]),
  );
  x.metric(
    "yardstick_generation_errors_total",
    "counter",
    "Generations at level ERROR",
    c.generations.map((g) => [gl(g), g.errors]),
  );
  x.metric(
    "yardstick_cost_usd_total",
    "counter",
    "Generation cost in USD",
    c.generations.map((g) => [gl(g), g.cost]),
  );
  x.metric(
    "yardstick_tokens_total",
    "counter",
    "Tokens by kind",
    c.generations.flatMap((g) =>
      (
        [
          ["input", g.inputTokens],
          ["output", g.outputTokens],
          ["cache_read", g.cacheReadTokens],
          ["cache_write", g.cacheWriteTokens],
        ] as const
      ).map(([kind, v]) => [{ ...gl(g), kind }, v] as [Record<string, string>, number]),
    ),
  );
  const tl = (t: { environment: string; release: string }) => ({ environment: t.environment, release: t.release });
  x.metric(
    "yardstick_traces_total",
    "counter",
    "Traces ingested",
    c.traces.map((t) => [tl(t), t.traces]),
  );
  x.metric(
    "yardstick_trace_errors_total",
    "counter",
    "Traces with an error",
    c.traces.map((t) => [tl(t), t.errors]),
  );
  x.metric(
    "yardstick_feedback_total",
    "counter",
    "Thumbs feedback by vote",
    c.traces.flatMap((t) => [
      [{ ...tl(t), vote: "up" }, t.thumbsUp] as [Record<string, string>, number],
      [{ ...tl(t), vote: "down" }, t.thumbsDown] as [Record<string, string>, number],
    ]),
  );
  x.metric(
    "yardstick_scores_total",
    "counter",
    "Numeric scores",
    c.scores.map((s) => [{ name: s.scoreName, source: s.source }, s.n]),
  );
  x.metric(
    "yardstick_scores_sum",
    "counter",
    "Sum of numeric score values",
    c.scores.map((s) => [{ name: s.scoreName, source: s.source }, s.sum]),
  );

  const byModel = new Map<string, TSketch>();
  for (const r of data.genLatency)
    byModel.set(r.key, mergeSketch(byModel.get(r.key) ?? new Map(), sketchFromArrays(r.b, r.c)));
  const traces: TSketch = new Map();
  for (const r of data.traceLatency) mergeSketch(traces, sketchFromArrays(r.b, r.c));
  const q = (s: TSketch, p: number) => (sketchCount(s) ? sketchQuantile(s, p)! / 1000 : null);
  const quantiles = [0.5, 0.95, 0.99];
  x.metric(
    "yardstick_generation_latency_seconds",
    "gauge",
    `Generation latency quantiles over the trailing ${query.window} (hour-aligned)`,
    [...byModel].flatMap(([model, s]) =>
      quantiles.map((p) => [{ model, quantile: String(p) }, q(s, p)] as [Record<string, string>, number | null]),
    ),
  );
  x.metric(
    "yardstick_trace_latency_seconds",
    "gauge",
    `Trace latency quantiles over the trailing ${query.window} (hour-aligned)`,
    quantiles.map((p) => [{ quantile: String(p) }, q(traces, p)]),
  );
  return x.toString();
}
