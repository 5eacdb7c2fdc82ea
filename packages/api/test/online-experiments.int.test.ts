import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZAssignResponse } from "@yardstick/contracts/online-experiments";
import { Yardstick } from "@yardstick/sdk";
import { getDb } from "@yardstick/db";
import { drainAssignmentWrites } from "@yardstick/server/services/assignment-writer";
import { publicRoutes, routeHandler } from "../src/index";
import { serveRoutes } from "./http-server";
import { addMember, expectTrpcError, newTenant } from "./helpers";

// Online experiments end to end through real HTTP: the public assignment routes and ingestion,
// the SDK (remote and local evaluation), the readout and Ship; bad input; tenant isolation.

type TTenant = Awaited<ReturnType<typeof newTenant>>;

async function promptWithTwoVersions(t: TTenant, name = "support") {
  const c = t.owner.caller;
  const projectId = t.project.id;
  const base = { messages: [{ role: "user" as const, content: "{{q}}" }], model: "claude-haiku-4-5", params: {} };
  const v1 = await c.prompts.createVersion({ projectId, name, system: "Be brief.", ...base, commitMessage: "v1" });
  const v2 = await c.prompts.createVersion({ projectId, name, system: "Be warm.", ...base, commitMessage: "v2" });
  await c.prompts.setLabel({ projectId, promptId: v1.prompt.id, label: "production", version: 1 });
  return { promptId: v1.prompt.id, v1: v1.version.id, v2: v2.version.id };
}

function abInput(projectId: string, p: { promptId: string; v1: string; v2: string }, key = "tone") {
  return {
    projectId,
    key,
    name: "Warmer tone",
    hypothesis: "A warmer system prompt raises the thumbs-up rate",
    unitType: "userId" as const,
    mode: "fixed" as const,
    primaryMetric: { kind: "thumbs_up_rate" as const },
    guardrails: [{ kind: "error_rate" as const }],
    secondaryMetrics: [{ kind: "event" as const, name: "task_completed" }],
    promptId: p.promptId,
    variants: [
      { key: "control", name: "Brief", promptVersionId: p.v1, weight: 0.5 },
      { key: "warm", name: "Warm", promptVersionId: p.v2, weight: 0.5 },
    ],
  };
}

describe("online experiments", () => {
  let server: Awaited<ReturnType<typeof serveRoutes>>;
  let t: TTenant;
  let other: TTenant;
  let assignKey: string;
  let ingestKey: string;
  let prompt: Awaited<ReturnType<typeof promptWithTwoVersions>>;
  let experimentId: string;

  beforeAll(async () => {
    server = await serveRoutes({
      "/api/public/assignments": routeHandler(publicRoutes.assignRoute),
      "/api/public/assignments/config": routeHandler(publicRoutes.experimentConfigRoute),
      "/api/public/assignments/exposures": routeHandler(publicRoutes.exposuresRoute),
      "/api/public/assignments/preferences": routeHandler(publicRoutes.preferenceRoute),
      "/api/public/ingestion": routeHandler(publicRoutes.ingestionRoute),
    });
    t = await newTenant("online");
    other = await newTenant("online-other");
    const c = t.owner.caller;
    assignKey = (await c.apiKeys.create({ projectId: t.project.id, name: "app", scopes: ["assign", "ingest"] })).secret;
    ingestKey = (await c.apiKeys.create({ projectId: t.project.id, name: "ingest", scopes: ["ingest"] })).secret;
    prompt = await promptWithTwoVersions(t);
    experimentId = (await c.onlineExperiments.create(abInput(t.project.id, prompt))).id;
  });
  afterAll(() => server.close());

  const post = (path: string, body: unknown, key = assignKey) =>
    fetch(`${server.url}${path}`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });

  it("rejects bad definitions with a clear error and stores nothing", async () => {
    const c = t.owner.caller;
    const projectId = t.project.id;
    const before = (await c.onlineExperiments.list({ projectId })).length;
    const bad = abInput(projectId, prompt, "bad-weights");
    bad.variants[1]!.weight = 0.6;
    const err = await expectTrpcError(c.onlineExperiments.create(bad), "BAD_REQUEST");
    expect(err.message).toMatch(/weights must sum to 1/);
    // a prompt version of another project
    const foreign = await promptWithTwoVersions(other, "foreign");
    const cross = abInput(projectId, prompt, "cross");
    cross.variants[1]!.promptVersionId = foreign.v2;
    await expectTrpcError(c.onlineExperiments.create(cross), "NOT_FOUND");
    await expectTrpcError(c.onlineExperiments.create(abInput(projectId, prompt)), "CONFLICT"); // duplicate key
    const attr = { ...abInput(projectId, prompt, "attr"), unitType: "attribute" as const };
    expect((await expectTrpcError(c.onlineExperiments.create(attr), "BAD_REQUEST")).message).toMatch(/unit attribute/);
    expect((await c.onlineExperiments.list({ projectId })).length).toBe(before);
  });

  it("serves the control while a draft, then sticky variants once running", async () => {
    const res = await post("/api/public/assignments", { unit: { id: "u-1" }, experiments: ["tone"] });
    expect(res.status).toBe(200);
    const draft = ZAssignResponse.parse(await res.json()).assignments[0]!;
    expect(draft).toMatchObject({ variant: "control", inExperiment: false, assignmentId: null });

    await t.owner.caller.onlineExperiments.start({ projectId: t.project.id, experimentId });
    const seen = new Map<string, string>();
    for (let i = 0; i < 40; i++) {
      const r = ZAssignResponse.parse(
        await (await post("/api/public/assignments", { unit: { id: `u-${i}` }, experiments: ["tone"] })).json(),
      ).assignments[0]!;
      expect(r.inExperiment).toBe(true);
      expect(r.promptVersion?.system).toBe(r.variant === "control" ? "Be brief." : "Be warm.");
      seen.set(`u-${i}`, r.variant);
    }
    expect(new Set(seen.values()).size).toBe(2);
    // weights change: every unit keeps its variant
    const input = abInput(t.project.id, prompt);
    await t.owner.caller.onlineExperiments.update({
      ...input,
      experimentId,
      variants: [
        { ...input.variants[0]!, weight: 0.1 },
        { ...input.variants[1]!, weight: 0.9 },
      ],
    });
    for (const [unit, variant] of seen) {
      const r = ZAssignResponse.parse(
        await (await post("/api/public/assignments", { unit: { id: unit }, experiments: ["tone"] })).json(),
      ).assignments[0]!;
      expect(r.variant).toBe(variant);
    }
    expect(await getDb().onlineAssignment.count({ where: { experimentId } })).toBe(40); // exposure recorded once per unit
  });

  it.each([
    ["answered by the hash, stored behind the response", false],
    ["weights edited: the stored row is read first", true],
  ])("stays sticky under concurrent requests (%s)", async (_label, edited) => {
    // Requests that arrive while a write is in flight are stored together (assignment-writer.ts):
    // the same new unit asked for twice at once gets one row and one answer; old units keep theirs.
    // Untouched fixed weights answer by the hash and write behind; after an edit, the read path.
    const c = t.owner.caller;
    const projectId = t.project.id;
    const key = `tone-batch-${edited ? "edited" : "hash"}`;
    const batchId = (await c.onlineExperiments.create(abInput(projectId, prompt, key))).id;
    await c.onlineExperiments.start({ projectId, experimentId: batchId });
    const follows = async () =>
      (await getDb().onlineExperiment.findUniqueOrThrow({ where: { id: batchId } })).assignmentsFollowHash;
    expect(await follows()).toBe(true);
    const ask = async (unit: string) =>
      ZAssignResponse.parse(
        await (await post("/api/public/assignments", { unit: { id: unit }, experiments: [key] })).json(),
      ).assignments[0]!;
    const before = new Map<string, string>();
    for (let i = 0; i < 20; i++) before.set(`b-${i}`, (await ask(`b-${i}`)).variant);
    if (edited) {
      const input = abInput(projectId, prompt, key);
      const variants = [
        { ...input.variants[0]!, weight: 0.2 },
        { ...input.variants[1]!, weight: 0.8 },
      ];
      await c.onlineExperiments.update({ ...input, experimentId: batchId, variants });
      expect(await follows()).toBe(false);
    }
    const fresh = Array.from({ length: 30 }, (_, i) => `c-${i}`);
    const units = [...fresh, ...fresh, ...before.keys()];
    const answers = await Promise.all(units.map(ask));
    await drainAssignmentWrites();
    const byUnit = new Map<string, Array<{ variant: string; assignmentId: string | null }>>();
    answers.forEach((a, i) => byUnit.set(units[i]!, [...(byUnit.get(units[i]!) ?? []), a]));
    for (const u of fresh) {
      const [a, b] = byUnit.get(u)!;
      expect(a!.assignmentId).toBeTruthy();
      expect(b).toMatchObject({ variant: a!.variant, assignmentId: a!.assignmentId });
    }
    for (const [u, variant] of before) expect(byUnit.get(u)![0]!.variant).toBe(variant);
    const stored = await getDb().onlineAssignment.findMany({ where: { experimentId: batchId } });
    expect(stored).toHaveLength(50);
    for (const row of stored) {
      expect(byUnit.get(row.unitId)![0]!.variant).toBe(row.variantKey);
      expect(byUnit.get(row.unitId)![0]!.assignmentId).toBe(row.id);
    }
    await c.onlineExperiments.stop({ projectId, experimentId: batchId });
  });

  it("answers by the hash only while no edit has moved a stored unit off it", async () => {
    const c = t.owner.caller;
    const projectId = t.project.id;
    const input = { ...abInput(projectId, prompt, "tone-flags"), coverage: 0.5 };
    const experimentId = (await c.onlineExperiments.create(input)).id;
    await c.onlineExperiments.start({ projectId, experimentId });
    const follows = async () =>
      (await getDb().onlineExperiment.findUniqueOrThrow({ where: { id: experimentId } })).assignmentsFollowHash;
    expect(await follows()).toBe(true);
    await c.onlineExperiments.update({ ...input, experimentId, coverage: 0.8 }); // raised: inside units stay
    expect(await follows()).toBe(true);
    await c.onlineExperiments.update({ ...input, experimentId, coverage: 0.6 }); // cut: some stored units now outside
    expect(await follows()).toBe(false);
    await c.onlineExperiments.rebucket({ projectId, experimentId }); // a new bucket version starts empty
    expect(await follows()).toBe(true);
    const variants = [
      { ...input.variants[0]!, weight: 0.3 },
      { ...input.variants[1]!, weight: 0.7 },
    ];
    await c.onlineExperiments.update({ ...input, experimentId, coverage: 0.6, variants });
    expect(await follows()).toBe(false);
    await c.onlineExperiments.stop({ projectId, experimentId });
  });

  it("answers 404 for an unknown key and 400 for a unit without the attribute, writing nothing", async () => {
    const unknown = await post("/api/public/assignments", { unit: { id: "u-x" }, experiments: ["tone", "nope"] });
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error).toMatch(/Unknown experiment key "nope"/);
    const c = t.owner.caller;
    const s = await c.onlineExperiments.create({
      ...abInput(t.project.id, prompt, "by-session"),
      unitType: "sessionId",
    });
    await c.onlineExperiments.start({ projectId: t.project.id, experimentId: s.id });
    const noAttr = await post("/api/public/assignments", { unit: { id: "u-y" }, experiments: ["tone", "by-session"] });
    expect(noAttr.status).toBe(400);
    expect((await noAttr.json()).error).toMatch(/unit.attributes.sessionId/);
    expect(await getDb().onlineAssignment.count({ where: { unitId: { in: ["u-x", "u-y"] } } })).toBe(0);
    // a key without the assign scope is refused
    expect(
      (await post("/api/public/assignments", { unit: { id: "u-1" }, experiments: ["tone"] }, ingestKey)).status,
    ).toBe(403);
    // another project's key does not see the experiment
    const otherKey = (
      await other.owner.caller.apiKeys.create({ projectId: other.project.id, name: "a", scopes: ["assign"] })
    ).secret;
    expect(
      (await post("/api/public/assignments", { unit: { id: "u-1" }, experiments: ["tone"] }, otherKey)).status,
    ).toBe(404);
  });

  it("joins traces and feedback sent by the SDK, reads out, and ships the winner", async () => {
    const ys = new Yardstick({ baseUrl: server.url, apiKey: assignKey, flushAt: 100, flushIntervalMs: 50 });
    for (let i = 0; i < 200; i++) {
      const userId = `sdk-${i}`;
      const v = await ys.getVariant("tone", { id: userId });
      expect(v.source).toBe("server");
      const trace = ys.trace({ name: "chat", userId });
      // the warm variant gets more thumbs up
      const up = v.variant === "warm" ? i % 10 < 8 : i % 10 < 4;
      ys.feedback(trace.id, { thumbs: up ? "up" : "down" });
      if (i % 3 === 0) trace.event({ name: "task_completed" });
    }
    await ys.flush();
    expect(ys.stats().failed).toBe(0);
    const r = await t.owner.caller.onlineExperiments.readout({ projectId: t.project.id, experimentId });
    expect(r.exposures.total).toBe(240);
    expect(r.linkedTraces).toBe(200);
    expect(r.readout?.srm).not.toBeNull();
    expect(r.readout?.primary.variants.map((v) => v.key)).toEqual(["control", "warm"]);
    const warm = r.readout!.primary.variants.find((v) => v.key === "warm")!;
    const ctl = r.readout!.primary.variants.find((v) => v.key === "control")!;
    expect(warm.estimate).toBeGreaterThan(ctl.estimate);
    expect(warm.ci).not.toBeNull();
    expect(r.readout!.primary.comparisons[0]!.peekSafe.ci.lower).toBeLessThanOrEqual(
      r.readout!.primary.comparisons[0]!.difference,
    );
    expect(r.readout!.verdict.length).toBeGreaterThan(10);

    // a viewer cannot ship
    const viewer = await addMember(t, "VIEWER");
    await expectTrpcError(
      viewer.caller.onlineExperiments.ship({ projectId: t.project.id, experimentId, variantKey: "warm" }),
      "FORBIDDEN",
    );
    const shipped = await t.owner.caller.onlineExperiments.ship({
      projectId: t.project.id,
      experimentId,
      variantKey: "warm",
    });
    expect(shipped.label).toEqual({ promptName: "support", label: "production", version: 2 });
    const p = await t.owner.caller.prompts.get({ projectId: t.project.id, promptId: prompt.promptId });
    expect(p.labels.find((l) => l.name === "production")?.version).toBe(2);
    expect(p.events[0]).toMatchObject({ label: "production", fromVersion: 1, toVersion: 2 });
    // after shipping, everyone gets the winner
    const after = await ys.getVariant("tone", { id: "sdk-new" });
    expect(after).toMatchObject({ variant: "warm", inExperiment: false });
    await ys.shutdown();
  });

  it("evaluates locally like the server, reports exposures, and falls back to control when unreachable", async () => {
    const c = t.owner.caller;
    const e = await c.onlineExperiments.create(abInput(t.project.id, prompt, "local-eval"));
    await c.onlineExperiments.start({ projectId: t.project.id, experimentId: e.id });
    const local = new Yardstick({ baseUrl: server.url, apiKey: assignKey, assignmentMode: "local" });
    const units = Array.from({ length: 30 }, (_, i) => `loc-${i}`);
    const locals = [];
    for (const u of units) locals.push(await local.getVariant("local-eval", { id: u }));
    expect(locals.every((v) => v.source === "local")).toBe(true);
    await local.flush();
    expect(await getDb().onlineAssignment.count({ where: { experimentId: e.id } })).toBe(30);
    // the server's answer for the same units agrees (same hash, and now the stored rows)
    const remote = new Yardstick({ baseUrl: server.url, apiKey: assignKey });
    for (let i = 0; i < units.length; i++) {
      const r = await remote.getVariant("local-eval", { id: units[i]! });
      expect(r.variant).toBe(locals[i]!.variant);
      expect(r.assignmentId).toBe(locals[i]!.assignmentId);
    }
    const errors: string[] = [];
    const down = new Yardstick({
      baseUrl: "http://127.0.0.1:9",
      apiKey: assignKey,
      timeoutMs: 500,
      onError: (err) => errors.push(err.message),
    });
    expect(await down.getVariant("tone", { id: "x" })).toMatchObject({ variant: "control", source: "fallback" });
    expect(errors.length).toBe(1);
    await Promise.all([local.shutdown(), remote.shutdown(), down.shutdown()]);
  });

  it("interleaving: both variants in a recorded order, preferences, win rate", async () => {
    const c = t.owner.caller;
    const input = { ...abInput(t.project.id, prompt, "pairwise"), mode: "interleaving" as const };
    const e = await c.onlineExperiments.create(input);
    await c.onlineExperiments.start({ projectId: t.project.id, experimentId: e.id });
    const ys = new Yardstick({ baseUrl: server.url, apiKey: assignKey });
    const orders = new Set<string>();
    for (let i = 0; i < 60; i++) {
      const v = await ys.getVariant("pairwise", { id: `il-${i}` }, { requestId: randomUUID() });
      expect(v.interleaving?.length).toBe(2);
      orders.add(v.interleaving!.map((x) => x.key).join(","));
      const choice = i % 10 === 0 ? null : i % 10 < 8 ? "warm" : "control";
      expect(await ys.recordPreference(v.assignmentId!, choice)).toBe(true);
      expect(await ys.recordPreference(v.assignmentId!, choice)).toBe(false); // once
    }
    expect(orders.size).toBe(2);
    const bad = await post("/api/public/assignments/preferences", { assignmentId: "nope", chosenVariant: "warm" });
    expect(bad.status).toBe(404);
    const r = await c.onlineExperiments.readout({ projectId: t.project.id, experimentId: e.id });
    expect(r.interleaving?.result.total).toBe(60);
    expect(r.interleaving?.result.ties).toBe(6);
    expect(r.interleaving?.result.winRateB).toBeGreaterThan(0.5);
    await ys.shutdown();
  });

  it("keeps every procedure inside its project", async () => {
    const o = other.owner.caller;
    const projectId = other.project.id;
    await expectTrpcError(o.onlineExperiments.get({ projectId, experimentId }), "NOT_FOUND");
    await expectTrpcError(o.onlineExperiments.readout({ projectId, experimentId }), "NOT_FOUND");
    await expectTrpcError(o.onlineExperiments.start({ projectId, experimentId }), "NOT_FOUND");
    await expectTrpcError(o.onlineExperiments.pause({ projectId, experimentId }), "NOT_FOUND");
    await expectTrpcError(o.onlineExperiments.stop({ projectId, experimentId }), "NOT_FOUND");
    await expectTrpcError(o.onlineExperiments.rebucket({ projectId, experimentId }), "NOT_FOUND");
    await expectTrpcError(o.onlineExperiments.ship({ projectId, experimentId, variantKey: "warm" }), "NOT_FOUND");
    await expectTrpcError(o.onlineExperiments.delete({ projectId, experimentId }), "NOT_FOUND");
    expect((await o.onlineExperiments.list({ projectId })).map((e) => e.id)).not.toContain(experimentId);
    // and a caller of one project cannot name another project's id
    await expectTrpcError(o.onlineExperiments.list({ projectId: t.project.id }), "NOT_FOUND");
  });
});
