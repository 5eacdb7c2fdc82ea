import { z } from "zod";

// Drift reports and alerts: what the browser sends and what the jobs carry. Messages name what is
// wrong in words a person can act on; the tRPC layer reports them per field.

export const ALERT_METRICS = [
  "score_mean",
  "bad_score_share",
  "pass_rate",
  "cost",
  "p95_latency_ms",
  "error_rate",
  "thumbs_up_rate",
  "safety_violations",
  "drift_findings",
] as const;
export type TAlertMetric = (typeof ALERT_METRICS)[number];

export const ALERT_CONDITIONS = [
  "above",
  "below",
  "drop_vs_trailing",
  "rise_pct_vs_trailing",
  "consecutive_below",
  "consecutive_above",
  "rise_pct_no_quality_gain",
] as const;
export type TAlertCondition = (typeof ALERT_CONDITIONS)[number];

const ZName = z.string().trim().min(1, "Name is required").max(100, "Name must be at most 100 characters");
const ZNumber = (label: string) =>
  z.number({ error: `${label} must be a number` }).refine(Number.isFinite, `${label} must be a finite number`);
const ZScoreName = z.string().trim().min(1, "Score name is required").max(200, "Score name is too long");

export const ZDriftSettingsInput = z.strictObject({
  enabled: z.boolean().optional(),
  cron: z.string().trim().min(1, "Schedule is required").max(100).optional(),
  windowHours: z
    .number({ error: "Window must be a number of hours" })
    .int("Window must be whole hours")
    .min(1, "Window is at least 1 hour")
    .max(24 * 30, "Window is at most 30 days")
    .optional(),
  referenceMode: z.enum(["previous", "pinned"], { error: "Reference is 'previous' or 'pinned'" }).optional(),
  referenceHours: z
    .number({ error: "Reference window must be a number of hours" })
    .int()
    .min(1)
    .max(24 * 90, "Reference window is at most 90 days")
    .optional(),
  pinnedFrom: z.coerce.date({ error: "Pinned start must be a date" }).nullable().optional(),
  pinnedTo: z.coerce.date({ error: "Pinned end must be a date" }).nullable().optional(),
  baselineMode: z.enum(["golden", "reference"], { error: "Baseline is 'golden' or 'reference'" }).optional(),
  badScoreThreshold: ZNumber("Bad-score threshold").nullable().optional(),
  sampleSize: z
    .number({ error: "Sample size must be a number" })
    .int()
    .min(100, "Sample at least 100 traces")
    .max(5000, "Sample at most 5,000 traces per window")
    .optional(),
});
export type TDriftSettingsInput = z.output<typeof ZDriftSettingsInput>;

export const ZAlertChannelInput = z.strictObject({
  name: ZName,
  kind: z.enum(["webhook", "slack"], { error: "Kind is 'webhook' or 'slack'" }),
  url: z.string().trim().min(1, "URL is required").max(2000, "URL must be at most 2,000 characters"),
});
export type TAlertChannelInput = z.output<typeof ZAlertChannelInput>;

const ALERT_RULE_FIELDS = {
  name: ZName,
  enabled: z.boolean({ error: "Enabled must be true or false" }),
  metric: z.enum(ALERT_METRICS, { error: "Pick a metric" }),
  scoreName: ZScoreName.nullable().optional(),
  scoreCutoff: ZNumber("Score cutoff").nullable().optional(),
  condition: z.enum(ALERT_CONDITIONS, { error: "Pick a condition" }),
  threshold: ZNumber("Threshold"),
  period: z.enum(["hour", "day"], { error: "Period is 'hour' or 'day'" }),
  periods: z
    .number({ error: "Periods must be a number" })
    .int()
    .min(1, "At least 1 period")
    .max(48, "At most 48 periods"),
  cooldownMinutes: z
    .number({ error: "Cooldown must be a number of minutes" })
    .int()
    .min(1, "Cooldown is at least 1 minute")
    .max(7 * 24 * 60, "Cooldown is at most 7 days"),
  channelIds: z.array(z.string().min(1).max(64)).max(10, "At most 10 channels"),
};

export const ZAlertRuleInput = z.strictObject({
  ...ALERT_RULE_FIELDS,
  enabled: ALERT_RULE_FIELDS.enabled.default(true),
  period: ALERT_RULE_FIELDS.period.default("hour"),
  periods: ALERT_RULE_FIELDS.periods.default(2),
  cooldownMinutes: ALERT_RULE_FIELDS.cooldownMinutes.default(60),
  channelIds: ALERT_RULE_FIELDS.channelIds.default([]),
});
export type TAlertRuleInput = z.output<typeof ZAlertRuleInput>;

/** A partial update: only the fields sent change (no defaults fill the others). */
export const ZAlertRuleUpdate = z.strictObject(ALERT_RULE_FIELDS).partial();
