import { describe, expect, it } from "vitest";
import { evaluateRule, metricValue, slackMessage, transition, webhookUrlProblem, type TMetricData } from "./index";

const H = 3600_000;
const now = new Date("2026-03-10T12:00:00Z");
const hoursAgo = (k: number) => new Date(now.getTime() - k * H);

function data(passBelow: (k: number) => number, costOf: (k: number) => number = () => 1): TMetricData {
  const hours = Array.from({ length: 24 * 8 }, (_, k) => k + 1);
  return {
    traces: hours.map((k) => ({
      t: hoursAgo(k),
      traces: 100,
      errors: k === 1 ? 10 : 1,
      cost: costOf(k),
      thumbsUp: 8,
      thumbsDown: 2,
    })),
    latency: [],
    scores: hours.map((k) => ({ t: hoursAgo(k), n: 100, sum: 70, b: [0, 100], c: [passBelow(k), 100 - passBelow(k)] })),
    safety: [],
    driftFindings: [],
  };
}
const rule = { period: "hour" as const, periods: 2, scoreName: "ok", scoreCutoff: 0.5 };

describe("alert metrics and rules", () => {
  it("computes rates from hourly rows", () => {
    const d = data(() => 10);
    expect(metricValue(d, "pass_rate", hoursAgo(1), now, { scoreCutoff: 0.5 })).toBeCloseTo(0.9);
    expect(metricValue(d, "error_rate", hoursAgo(1), now)).toBeCloseTo(0.1);
    expect(metricValue(d, "thumbs_up_rate", hoursAgo(2), now)).toBeCloseTo(0.8);
  });
  it("pass rate down 3 points vs the trailing week", () => {
    const d = data((k) => (k === 1 ? 15 : 10));
    const r = evaluateRule({ ...rule, metric: "pass_rate", condition: "drop_vs_trailing", threshold: 0.03 }, d, now);
    expect(r.breached).toBe(true);
    expect(r.reference).toBeCloseTo(0.9);
    const r2 = evaluateRule({ ...rule, metric: "pass_rate", condition: "drop_vs_trailing", threshold: 0.06 }, d, now);
    expect(r2.breached).toBe(false);
  });
  it("consecutive periods below a threshold", () => {
    const d = data((k) => (k <= 2 ? 30 : 10));
    expect(
      evaluateRule({ ...rule, metric: "pass_rate", condition: "consecutive_below", threshold: 0.8 }, d, now).breached,
    ).toBe(true);
    expect(
      evaluateRule({ ...rule, periods: 3, metric: "pass_rate", condition: "consecutive_below", threshold: 0.8 }, d, now)
        .breached,
    ).toBe(false);
  });
  it("cost spike in percent, and no data never breaches a below rule", () => {
    const d = data(
      () => 10,
      (k) => (k === 1 ? 5 : 1),
    );
    expect(
      evaluateRule({ ...rule, metric: "cost", condition: "rise_pct_vs_trailing", threshold: 100 }, d, now).breached,
    ).toBe(true);
    const empty: TMetricData = { traces: [], latency: [], scores: [], safety: [], driftFindings: [] };
    expect(
      evaluateRule({ ...rule, metric: "thumbs_up_rate", condition: "below", threshold: 0.5 }, empty, now).breached,
    ).toBe(false);
    expect(
      evaluateRule({ ...rule, metric: "safety_violations", condition: "above", threshold: 0 }, empty, now).value,
    ).toBe(0);
  });
  it("fires once, stays quiet through the cooldown, then reminds; resolves when clear", () => {
    const firing = { state: "firing" as const, lastNotifiedAt: now, cooldownMinutes: 60 };
    expect(transition({ state: "ok", lastNotifiedAt: null, cooldownMinutes: 60 }, true, now)).toEqual({
      action: "fire",
    });
    expect(transition(firing, true, new Date(now.getTime() + 30 * 60_000))).toEqual({ action: "none" });
    expect(transition(firing, true, new Date(now.getTime() + 61 * 60_000))).toEqual({ action: "renotify" });
    expect(transition(firing, false, now)).toEqual({ action: "resolve" });
  });
});

describe("delivery", () => {
  it("accepts only http(s) URLs without credentials", () => {
    expect(webhookUrlProblem("https://example.com/hook")).toBeNull();
    expect(webhookUrlProblem("ftp://example.com/x")).toMatch(/http or https/);
    expect(webhookUrlProblem("javascript:alert(1)")).toMatch(/http or https/);
    expect(webhookUrlProblem("not a url")).toMatch(/must be a URL/);
    expect(webhookUrlProblem("https://u:p@example.com")).toMatch(/password/);
  });
  it("escapes names in Slack messages", () => {
    const m = slackMessage({
      type: "alert.firing",
      eventId: "e",
      project: { id: "p", name: "<!channel>" },
      rule: { id: "r", name: "a & b", metric: "cost", condition: "above", threshold: 1 },
      value: 2,
      message: "cost high",
      startedAt: "now",
      url: null,
    });
    expect(JSON.stringify(m)).not.toContain("<!channel>");
    expect(m.text).toContain("a &amp; b");
  });
});
