import type { TAlertMetric } from "@yardstick/contracts/watch";
import { mergeSketch, sketchFromArrays, sketchQuantile, type TSketch } from "../dashboards/latency-sketch";

// Alert metrics from the dashboards' hourly roll-ups: every metric is computed for any window
// [from, to) by merging hourly rows, so a rule never scans raw traces.

export { ALERT_METRICS, type TAlertMetric } from "@yardstick/contracts/watch";
export const SCORE_METRICS: readonly TAlertMetric[] = ["score_mean", "bad_score_share", "pass_rate"];

export const METRIC_LABELS: Record<TAlertMetric, string> = {
  score_mean: "Score mean",
  bad_score_share: "Share of bad scores",
  pass_rate: "Pass rate",
  cost: "Cost (USD)",
  p95_latency_ms: "p95 latency (ms)",
  error_rate: "Error rate",
  thumbs_up_rate: "Thumbs-up rate",
  safety_violations: "Safety violations",
  drift_findings: "Drift findings (alert severity)",
};

export type THourTrace = {
  t: Date;
  traces: number;
  errors: number;
  cost: number;
  thumbsUp: number;
  thumbsDown: number;
};
export type THourSketch = { t: Date; b: number[]; c: number[] };
export type THourScore = { t: Date; n: number; sum: number; b: number[]; c: number[] };
export type THourSafety = { t: Date; violations: number };

export type TMetricData = {
  traces: THourTrace[];
  latency: THourSketch[];
  /** Scores of the rule's score name (all sources), a histogram on the 0.01 grid per hour. */
  scores: THourScore[];
  safety: THourSafety[];
  /** Alert-severity findings of drift reports finished in the window, by finish time. */
  driftFindings: Array<{ t: Date; count: number }>;
};

const HOUR = 3600_000;
// Rows are hourly: a window counts every hour it touches (a 60-minute window ending at 11:20
// reads the 10:00 and 11:00 rows), so recent traffic is never left out of the current period.
const inWindow = (t: Date, from: number, to: number) => t.getTime() < to && t.getTime() + HOUR > from;
const atInWindow = (t: Date, from: number, to: number) => t.getTime() >= from && t.getTime() < to;

/** The metric over [from, to); null when there is nothing to measure (no traces, no scores…). */
export function metricValue(
  data: TMetricData,
  metric: TAlertMetric,
  from: Date,
  to: Date,
  opts: { scoreCutoff?: number | null } = {},
): number | null {
  const f = from.getTime();
  const e = to.getTime();
  const traces = data.traces.filter((r) => inWindow(r.t, f, e));
  const sum = <T>(rows: T[], k: (r: T) => number) => rows.reduce((a, r) => a + k(r), 0);
  switch (metric) {
    case "cost":
      return sum(traces, (r) => r.cost);
    case "error_rate": {
      const n = sum(traces, (r) => r.traces);
      return n ? sum(traces, (r) => r.errors) / n : null;
    }
    case "thumbs_up_rate": {
      const up = sum(traces, (r) => r.thumbsUp);
      const n = up + sum(traces, (r) => r.thumbsDown);
      return n ? up / n : null;
    }
    case "p95_latency_ms": {
      const s: TSketch = new Map();
      for (const r of data.latency) if (inWindow(r.t, f, e)) mergeSketch(s, sketchFromArrays(r.b, r.c));
      return sketchQuantile(s, 0.95);
    }
    case "safety_violations":
      return sum(
        data.safety.filter((r) => inWindow(r.t, f, e)),
        (r) => r.violations,
      );
    case "drift_findings":
      return sum(
        data.driftFindings.filter((r) => atInWindow(r.t, f, e)),
        (r) => r.count,
      );
    case "score_mean":
    case "bad_score_share":
    case "pass_rate": {
      const rows = data.scores.filter((r) => inWindow(r.t, f, e));
      const n = sum(rows, (r) => r.n);
      if (!n) return null;
      if (metric === "score_mean") return sum(rows, (r) => r.sum) / n;
      const edge = Math.round((opts.scoreCutoff ?? 0.5) * 100);
      let below = 0;
      for (const r of rows) r.b.forEach((b, i) => (b < edge ? (below += r.c[i] ?? 0) : 0));
      return metric === "bad_score_share" ? below / n : 1 - below / n;
    }
  }
}
