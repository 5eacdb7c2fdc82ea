import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { hajekEstimate } from "@yardstick/core/online-eval";
import { getDb, insertJudgment, listScoreHourHistograms } from "@yardstick/db";
import { evaluateProjectAlerts } from "@yardstick/server/services/alerts";
import { ingestEvents } from "@yardstick/server/services/ingestion";
import { newTenant } from "./helpers";
import { waitFor } from "./watch-fixtures";

// Drift quality findings for an online rule's score read its judgments weighted by 1/inclusionProb.
// The rule always samples negative feedback (π = 1) but judges ordinary traffic at 5%: in the
// reference the feedback traces were judged at the rate like the rest, in the window always. The
// traffic is the same, so the design-weighted mean is steady while the plain mean of the judged
// scores (what the roll-ups hold) falls by a third. The report runs through the real job path.
const jobs = await vi.hoisted(async () => (await import("./job-server")).startJobServer());
beforeAll(() => jobs.serveApp());
afterAll(() => jobs.stop());

const HOUR = 3600_000;
const SCORE = "mentions-answer";
type TJudged = { at: Date; value: number; inclusionProb: number; sampledBy: string };

/** A block of judged traffic: 30 ordinary traces at 5% (`zeros` of them 0, else 1) and feedback traces scoring 0. */
function block(at: Date, zeros: number, feedback: { n: number; prob: number }): TJudged[] {
  return [
    ...Array.from({ length: 30 }, (_, i) => ({ at, value: i < zeros ? 0 : 1, inclusionProb: 0.05, sampledBy: "rate" })),
    ...Array.from({ length: feedback.n }, () => ({
      at,
      value: 0,
      inclusionProb: feedback.prob,
      sampledBy: feedback.prob === 1 ? "always:feedback" : "rate",
    })),
  ];
}

describe("drift quality of an online rule's score is design-weighted", () => {
  let t: Awaited<ReturnType<typeof newTenant>>;
  let projectId: string;
  let windowRows: TJudged[];
  let refRows: TJudged[];

  beforeAll(async () => {
    t = await newTenant("drift-weighted");
    projectId = t.project.id;
    const c = t.owner.caller;
    const grader = await c.graders.createVersion({
      projectId,
      name: SCORE,
      config: { type: "contains_any", values: ["answer"] },
      message: "v1",
    });
    // Disabled: the judgments below are seeded; no scan should judge the seeded traces again.
    const created = await c.onlineEvals.create({
      projectId,
      name: "answers",
      graderId: grader.grader.id,
      sampling: { rate: 0.05, always: { negativeFeedback: true } },
      enabled: false,
    });
    const rule = await getDb().onlineEvalRule.findUniqueOrThrow({ where: { id: created.id } });
    const now = Date.now();
    // Seven earlier days (reference and history; a little day-to-day noise), then the window.
    refRows = [2, 4, 3, 3, 2, 4, 3].flatMap((zeros, d) =>
      block(new Date(now - (24 * (d + 1) + 8) * HOUR), zeros, { n: 1, prob: 0.05 }),
    );
    windowRows = block(new Date(now - 3 * HOUR), 3, { n: 20, prob: 1 });
    const all = [...refRows, ...windowRows].map((j) => ({ ...j, traceId: randomUUID() }));
    for (let i = 0; i < all.length; i += 200) {
      const batch = all.slice(i, i + 200).map((j) => ({
        id: randomUUID(),
        type: "trace-create",
        timestamp: j.at.toISOString(),
        body: { id: j.traceId, timestamp: j.at.toISOString(), name: "support", input: "q", output: "answer" },
      }));
      const res = await ingestEvents({ id: "k", projectId, scopes: ["ingest"] }, { batch });
      expect(res.errors).toEqual([]);
    }
    for (const j of all) {
      await insertJudgment({
        projectId,
        ruleId: rule.id,
        graderVersionId: rule.graderVersionId,
        traceId: j.traceId,
        observationId: null,
        status: "scored",
        value: j.value,
        passed: j.value === 1,
        reason: null,
        inclusionProb: j.inclusionProb,
        sampledBy: j.sampledBy,
        stratum: null,
        promptKey: null,
        traceTimestamp: j.at,
        calls: 0,
        inputTokens: 0,
        outputTokens: 0,
        costUsd: null,
        score: { name: SCORE, comment: null, observationId: null },
      });
    }
  });

  it("calls no quality drop where only the sampling design changed", async () => {
    const c = t.owner.caller;
    await c.drift.updateSettings({ projectId, baselineMode: "reference", windowHours: 24, referenceHours: 168 });
    const started = await c.drift.runNow({ projectId });
    const r = await waitFor(
      () => c.drift.get({ projectId, reportId: started.id }),
      (x) => x.status !== "running",
      "the report",
    );
    expect(r.status).toBe("completed");

    // The unweighted roll-up of the same scores would read a drop: 27/50 judged are 1 in the window.
    const plain = async (from: Date, to: Date) => {
      const rows = await listScoreHourHistograms(projectId, from, to, SCORE);
      return rows.reduce((a, x) => a + x.sum, 0) / rows.reduce((a, x) => a + x.n, 0);
    };
    expect(await plain(r.windowFrom, r.windowTo)).toBeCloseTo(27 / 50, 10);
    expect(await plain(r.refFrom, r.refTo)).toBeGreaterThan(0.85);

    const q = r.findings.find((f) => f.kind === "quality" && f.subject === SCORE)!;
    expect(q.severity).toBe("ok");
    expect(q.title).toMatch(/steady/);
    const hajek = hajekEstimate(windowRows)!;
    // Σw = 600 + 20, Σw² = 30·400 + 20: n_eff = 620²/12020
    const stats = (q.chart as { stats: { n: number; mean: number; weighted: boolean; nEff: number } }).stats;
    expect(stats).toMatchObject({ n: 50, weighted: true });
    expect(stats.nEff).toBeCloseTo((620 * 620) / 12020, 9);
    expect(stats.mean).toBeCloseTo(hajek.mean, 12);
    expect(hajek.mean).toBeCloseTo(27 / 31, 12);
    expect(hajek.naiveMean).toBeCloseTo(27 / 50, 12);
    const tests = q.tests as Array<{ name: string; severity: string; note?: string }>;
    const vsRef = tests.find((x) => x.name === "Mean vs reference window")!;
    expect(vsRef.severity).toBe("ok");
    expect(vsRef.note).toContain(hajekEstimate(refRows)!.mean.toFixed(3));
    expect(tests.find((x) => x.name.startsWith("Share of bad scores"))!.severity).toBe("ok");
    expect(tests.find((x) => x.name === "z-score vs daily history")!.severity).toBe("ok");
  });

  it("an alert on the score's mean reads the design-weighted value", async () => {
    const c = t.owner.caller;
    await c.alerts.createRule({
      projectId,
      name: "answers mean",
      metric: "score_mean",
      condition: "below",
      threshold: 0.8,
      period: "day",
      scoreName: SCORE,
      cooldownMinutes: 60,
      channelIds: [],
    });
    const ev = await evaluateProjectAlerts(projectId);
    expect(ev.deliveries).toEqual([]);
    const [rule] = await c.alerts.rules({ projectId });
    expect(rule).toMatchObject({ state: "ok" });
    expect(rule!.lastValue).toBeCloseTo(hajekEstimate(windowRows)!.mean, 12);
  });
});
