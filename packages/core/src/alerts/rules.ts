import { METRIC_LABELS, metricValue, type TAlertMetric, type TMetricData } from "./metrics";

// Alert conditions and the firing state machine. Pure: the service loads the roll-ups, this
// decides; the delivery job sends.

import type { TAlertCondition } from "@yardstick/contracts/watch";
export { ALERT_CONDITIONS, type TAlertCondition } from "@yardstick/contracts/watch";

export const CONDITION_LABELS: Record<TAlertCondition, string> = {
  above: "is above",
  below: "is below",
  drop_vs_trailing: "drops vs the trailing 7-day average by at least",
  rise_pct_vs_trailing: "rises vs the trailing 7-day average by at least (%)",
  consecutive_below: "is below, for consecutive periods,",
  consecutive_above: "is above, for consecutive periods,",
  rise_pct_no_quality_gain: "rises vs the trailing 7 days by at least (%) without a quality gain",
};

export type TAlertRuleSpec = {
  metric: TAlertMetric;
  condition: TAlertCondition;
  threshold: number;
  period: "hour" | "day";
  periods: number;
  scoreName: string | null;
  scoreCutoff: number | null;
};

export type TEvaluation = {
  breached: boolean;
  value: number | null;
  reference: number | null;
  message: string;
  /** Values of the periods looked at, oldest first (the chart in the alert history). */
  periods: Array<{ from: string; value: number | null }>;
};

const HOUR = 3600_000;
const TRAILING_MS = 7 * 24 * HOUR;
const ADDITIVE: readonly TAlertMetric[] = ["cost", "safety_violations", "drift_findings"];
export const periodMs = (p: "hour" | "day") => (p === "day" ? 24 * HOUR : HOUR);

/** How far back a rule needs data: the trailing week plus the periods it inspects. */
export function lookbackMs(rule: Pick<TAlertRuleSpec, "period" | "periods">): number {
  return TRAILING_MS + periodMs(rule.period) * Math.max(1, rule.periods);
}

function fmt(metric: TAlertMetric, v: number | null): string {
  if (v === null) return "no data";
  if (["error_rate", "thumbs_up_rate", "bad_score_share", "pass_rate"].includes(metric))
    return `${(v * 100).toFixed(1)}%`;
  if (metric === "cost") return `$${v.toFixed(2)}`;
  if (metric === "p95_latency_ms") return `${Math.round(v)} ms`;
  return Number.isInteger(v) ? String(v) : v.toFixed(3);
}

/** Evaluates one rule at `now` over the roll-up data (which must cover lookbackMs). */
export function evaluateRule(rule: TAlertRuleSpec, data: TMetricData, now: Date): TEvaluation {
  const p = periodMs(rule.period);
  const end = now.getTime();
  const at = (k: number) => ({ from: new Date(end - (k + 1) * p), to: new Date(end - k * p) });
  const value = (w: { from: Date; to: Date }, metric: TAlertMetric = rule.metric) =>
    metricValue(data, metric, w.from, w.to, { scoreCutoff: rule.scoreCutoff });
  const cur = at(0);
  const v = value(cur);
  const label = `${METRIC_LABELS[rule.metric]}${rule.scoreName ? ` (${rule.scoreName})` : ""}`;
  const per = rule.period === "day" ? "24 h" : "hour";
  const trailingW = { from: new Date(end - p - TRAILING_MS), to: cur.from };
  const base = { value: v, reference: null as number | null, periods: [{ from: cur.from.toISOString(), value: v }] };
  switch (rule.condition) {
    case "above":
    case "below": {
      // "no data" never breaches a threshold, except counts: no safety violation is 0.
      const x = v ?? (["safety_violations", "drift_findings", "cost"].includes(rule.metric) ? 0 : null);
      const breached = x !== null && (rule.condition === "above" ? x > rule.threshold : x < rule.threshold);
      return {
        ...base,
        value: x,
        breached,
        message: `${label} over the last ${per} is ${fmt(rule.metric, x)} (${rule.condition} ${fmt(rule.metric, rule.threshold)}${breached ? "" : ": not breached"})`,
      };
    }
    case "drop_vs_trailing":
    case "rise_pct_vs_trailing":
    case "rise_pct_no_quality_gain": {
      // Sums (cost, counts) are averaged per period; rates and means are pooled over the week.
      const total = value(trailingW);
      const ref = total !== null && ADDITIVE.includes(rule.metric) ? total / (TRAILING_MS / p) : total;
      let breached = false;
      let change = "";
      if (v !== null && ref !== null) {
        if (rule.condition === "drop_vs_trailing") {
          breached = ref - v >= rule.threshold;
          change = `${v >= ref ? "+" : "−"}${fmt(rule.metric, Math.abs(v - ref))}`;
        } else if (ref > 0) {
          const pct = ((v - ref) / ref) * 100;
          breached = pct >= rule.threshold;
          change = `${pct >= 0 ? "+" : ""}${pct.toFixed(1)}%`;
        }
      }
      let quality = "";
      if (breached && rule.condition === "rise_pct_no_quality_gain") {
        const qNow = value(cur, "score_mean");
        const qRef = value(trailingW, "score_mean");
        const gained = qNow !== null && qRef !== null && qNow > qRef;
        if (gained) breached = false;
        quality =
          qNow === null || qRef === null
            ? "; no quality scores to offset it"
            : `; quality ${qNow.toFixed(3)} vs ${qRef.toFixed(3)}${gained ? " (a gain: not alerting)" : " (no gain)"}`;
      }
      return {
        ...base,
        reference: ref,
        breached,
        message: `${label} over the last ${per} is ${fmt(rule.metric, v)} vs ${fmt(rule.metric, ref)} over the trailing 7 days${change ? ` (${change})` : ""}${quality}`,
      };
    }
    case "consecutive_below":
    case "consecutive_above": {
      const n = Math.max(1, rule.periods);
      const values = Array.from({ length: n }, (_, k) => ({ w: at(n - 1 - k), v: value(at(n - 1 - k)) }));
      const breached = values.every(
        (x) => x.v !== null && (rule.condition === "consecutive_below" ? x.v < rule.threshold : x.v > rule.threshold),
      );
      return {
        value: v,
        reference: null,
        periods: values.map((x) => ({ from: x.w.from.toISOString(), value: x.v })),
        breached,
        message: `${label} per ${per}: ${values.map((x) => fmt(rule.metric, x.v)).join(", ")} — ${breached ? "" : "not "}${rule.condition === "consecutive_below" ? "below" : "above"} ${fmt(rule.metric, rule.threshold)} for ${n} periods in a row`,
      };
    }
  }
}

export type TRuleState = { state: "ok" | "firing"; lastNotifiedAt: Date | null; cooldownMinutes: number };
export type TTransition =
  | { action: "fire" } // ok → firing: open an event and notify
  | { action: "renotify" } // still firing and the cooldown has passed: notify again
  | { action: "resolve" } // firing → ok: close the event (no notification)
  | { action: "none" };

/** Dedupe and cooldown: a firing alert notifies once, then again only after its cooldown. */
export function transition(s: TRuleState, breached: boolean, now: Date): TTransition {
  if (s.state === "ok") return breached ? { action: "fire" } : { action: "none" };
  if (!breached) return { action: "resolve" };
  const last = s.lastNotifiedAt?.getTime() ?? 0;
  return now.getTime() - last >= s.cooldownMinutes * 60_000 ? { action: "renotify" } : { action: "none" };
}
