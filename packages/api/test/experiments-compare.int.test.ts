import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ZExperimentArtifact } from "@yardstick/contracts/experiments";
import { adjustPValues, mcnemar } from "@yardstick/core/stats";
import { publicRoutes, routeHandler } from "../src/index";
import { expectTrpcError, newTenant } from "./helpers";
import {
  experimentsTenant,
  isJudgeCall,
  itemKey,
  judgeGrade,
  systemOf,
  userTextOf,
  waitForRun,
  type TExperimentsTenant,
} from "./experiments-fixtures";

// Runs start as jobs: an embedded executor drives them through the app's /api/inngest handlers
// (started before the Inngest client is imported, which reads INNGEST_* once).
const jobs = await vi.hoisted(async () => (await import("./job-server")).startJobServer());
beforeAll(() => jobs.serveApp());
afterAll(() => jobs.stop());

// Comparing runs: 60 items (10 golden); the candidate (prompt v2) answers 40 of them wrongly and
// the judge scores those 2 of 5. Plus the public artifact route.
const N = 60;
const wrong = (q: string) => Number(q.slice(2)) >= 20;

describe("experiment comparison", () => {
  let x: TExperimentsTenant;
  let baselineId: string;
  let candidateId: string;
  let armsRunId: string;
  const definition = (version: number, extra: object = {}) => ({
    projectId: x.projectId,
    datasetId: x.datasetId,
    arms: [{ promptId: x.promptId, version }],
    graders: [{ graderId: x.exactId }, { graderId: x.judgeId }],
    concurrency: 8,
    ...extra,
  });

  beforeAll(async () => {
    x = await experimentsTenant(N, { golden: 10 });
    x.fake.setHandler((req) => {
      if (isJudgeCall(req)) return judgeGrade(/wrong/.test(userTextOf(req)) ? 2 : 5);
      const q = userTextOf(req);
      return systemOf(req) === "candidate" && wrong(q) ? { type: "text", text: `wrong ${q}` } : undefined;
    });
    baselineId = (await waitForRun(x, (await x.c.experiments.create(definition(1))).id)).id;
    candidateId = (await waitForRun(x, (await x.c.experiments.create(definition(2))).id)).id;
    const arms = [
      { promptId: x.promptId, version: 1 },
      { promptId: x.promptId, version: 2 },
    ];
    armsRunId = (await waitForRun(x, (await x.c.experiments.create({ ...definition(1), arms })).id)).id;
  }, 120_000);
  afterAll(() => x.fake.close());

  it("a candidate worse on 40 of 60 cases is a regression, with CI and p, regressions listed first", async () => {
    const r = await x.c.experiments.compare({
      projectId: x.projectId,
      baselineRunId: baselineId,
      candidateRunId: candidateId,
    });
    expect(r.conclusion).toBe("regression");
    expect(r.headline).toBe("Regression: the candidate is worse on exact pass rate, helpful pass rate, helpful score.");
    expect(r.pairedItems).toBe(N);
    const exact = r.metrics.find((m) => m.key === `${x.exactId}:pass`)!;
    expect(exact).toMatchObject({ n: N, baseline: 1, conclusion: "regression" });
    expect(exact.delta).toBeCloseTo(-40 / 60, 12);
    expect(exact.tests.mcnemar).toEqual({ p: mcnemar(40, 0).p, baselineOnly: 40, candidateOnly: 0 });
    // Holm over the 3 metrics compared (exact pass, helpful pass, helpful score).
    expect(r.metrics).toHaveLength(3);
    const holm = adjustPValues(
      r.metrics.map((m) => m.p!),
      "holm",
    );
    expect(r.metrics.map((m) => m.pAdjusted)).toEqual(holm);
    expect(exact.pAdjusted).toBeGreaterThan(exact.p!);
    expect(exact.ci![1]).toBeLessThan(0);
    expect(exact.ci![0]).toBeGreaterThan(-1);
    const score = r.metrics.find((m) => m.key === `${x.judgeId}:score`)!;
    expect(score.delta).toBeCloseTo((40 * (0.25 - 1)) / 60, 12);
    expect(score.tests.pairedT!.p).toBeLessThan(0.001);
    expect(score.tests.wilcoxon!.p).toBeLessThan(0.001);
    expect(r.cases.slice(0, 40).map((c) => c.change)).toEqual(Array(40).fill("regression"));
    expect(r.cases[40]!.change).toBe("unchanged");
    expect(r.onlyInBaseline).toEqual([]);
    expect(r.onlyInCandidate).toEqual([]);

    const side = await x.c.experiments.compareCase({
      projectId: x.projectId,
      baselineRunId: baselineId,
      candidateRunId: candidateId,
      itemKey: itemKey(25),
    });
    expect([side.baseline[0]!.output, side.candidate[0]!.output]).toEqual(["echo: q-025", "wrong q-025"]);
  });

  it("the arms of one run compare the same way; cases present in only one run are listed, not dropped", async () => {
    const arms = await x.c.experiments.compare({
      projectId: x.projectId,
      baselineRunId: armsRunId,
      candidateRunId: armsRunId,
      baselineArm: 0,
      candidateArm: 1,
    });
    expect(arms.conclusion).toBe("regression");
    expect(arms.pairedItems).toBe(N);
    const golden = await waitForRun(x, (await x.c.experiments.create(definition(2, { partitions: ["golden"] }))).id);
    const r = await x.c.experiments.compare({
      projectId: x.projectId,
      baselineRunId: baselineId,
      candidateRunId: golden.id,
    });
    expect(r.pairedItems).toBe(10);
    expect(r.onlyInBaseline).toEqual(Array.from({ length: 50 }, (_, i) => itemKey(i + 10)));
    expect(r.onlyInCandidate).toEqual([]);
    expect(r.details).toContain("50 case(s) only in the baseline, not compared");
    // The golden items are answered right by both prompts.
    expect(r.conclusion).toBe("no_change");
    await expectTrpcError(
      x.c.experiments.compare({
        projectId: x.projectId,
        baselineRunId: armsRunId,
        candidateRunId: armsRunId,
        baselineArm: 0,
        candidateArm: 0,
      }),
      "BAD_REQUEST",
    );
    await expectTrpcError(
      x.c.experiments.compare({
        projectId: x.projectId,
        baselineRunId: baselineId,
        candidateRunId: armsRunId,
        candidateArm: 5,
      }),
      "BAD_REQUEST",
    );
  });

  it("GET /api/public/experiments/{id} serves the artifact with a read key; another project's run is 404", async () => {
    const route = (id: string, key: string) =>
      routeHandler(publicRoutes.getExperimentRoute)(
        new Request(`http://test/api/public/experiments/${id}`, { headers: { authorization: `Bearer ${key}` } }),
        { params: Promise.resolve({ id }) },
      );
    const read = (await x.c.apiKeys.create({ projectId: x.projectId, name: "read", scopes: ["read"] })).secret;
    const ingest = (await x.c.apiKeys.create({ projectId: x.projectId, name: "ingest", scopes: ["ingest"] })).secret;
    const res = await route(candidateId, read);
    expect(res.status).toBe(200);
    const body = ZExperimentArtifact.parse(await res.json());
    expect(body).toMatchObject({
      runId: candidateId,
      verdict: "PASS",
      dataset: { version: 1 },
      prompts: [{ promptVersion: 2 }],
    });
    expect(body.arms[0]!.partitions.golden!.cases).toBe(10);
    expect((await route(candidateId, ingest)).status).toBe(403);
    const other = await newTenant("artifact-other");
    const otherKey = (
      await other.owner.caller.apiKeys.create({ projectId: other.project.id, name: "r", scopes: ["read"] })
    ).secret;
    const foreign = await route(candidateId, otherKey);
    expect(foreign.status).toBe(404);
    expect(await foreign.json()).toEqual({ error: "Experiment run not found" });
  });
});
