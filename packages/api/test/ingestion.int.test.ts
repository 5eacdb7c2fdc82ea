// Public batch ingest: storage and cost, idempotency, per-event validation, whole-request errors,
// key scopes and tenancy. Merging across events and batches: ingestion-merge.int.test.ts.
import { randomUUID } from "node:crypto";
import { describe, expect, it, beforeAll } from "vitest";
import { getDb } from "@yardstick/db";
import { newTenant } from "./helpers";
import { count, ev, now, post } from "./ingest-fixtures";

describe("POST /api/public/ingestion", () => {
  let t: Awaited<ReturnType<typeof newTenant>>;
  let ingestKey: string;
  let feedbackKey: string;
  beforeAll(async () => {
    t = await newTenant("ingest");
    ingestKey = (await t.owner.caller.apiKeys.create({ projectId: t.project.id, name: "i", scopes: ["ingest"] }))
      .secret;
    feedbackKey = (await t.owner.caller.apiKeys.create({ projectId: t.project.id, name: "f", scopes: ["feedback"] }))
      .secret;
  });

  it("stores a trace with a generation, computes cost, and rolls it up on the trace", async () => {
    const traceId = randomUUID();
    const genId = randomUUID();
    const res = await post(ingestKey, {
      batch: [
        ev("trace-create", {
          id: traceId,
          name: "chat",
          userId: "u1",
          sessionId: "s1",
          tags: ["a"],
          environment: "production",
          input: { q: "hi" },
        }),
        ev("generation-create", {
          id: genId,
          traceId,
          name: "llm",
          model: "claude-sonnet-4-6",
          startTime: "2026-11-20T10:00:00.000Z",
          endTime: "2026-11-20T10:00:01.500Z",
          usage: { input: 1000, output: 200, cacheRead: 5000, cacheWrite: 0 },
          input: [{ role: "user", content: "hi" }],
          output: { role: "assistant", content: "hello" },
        }),
      ],
    });
    expect(res.status).toBe(207);
    const body = await res.json();
    expect(body.errors).toEqual([]);
    expect(body.successes.map((s: { status: number }) => s.status)).toEqual([201, 201]);
    const [gen] = await getDb().$queryRaw<Array<Record<string, number | string>>>`
      SELECT "inputCost", "outputCost", "cacheReadCost", "totalCost", "costSource" FROM "Observation"
       WHERE "projectId" = ${t.project.id} AND id = ${genId}`;
    // $3/M in, $15/M out, $0.30/M cache read: 0.003 + 0.003 + 0.0015
    expect(gen!.totalCost).toBeCloseTo(0.0075, 12);
    expect(gen!.costSource).toBe("computed");
    const [trace] = await getDb().$queryRaw<Array<Record<string, unknown>>>`
      SELECT "latencyMs", "totalCost", "observationCount", models, environment, tags FROM "Trace"
       WHERE "projectId" = ${t.project.id} AND id = ${traceId}`;
    expect(trace).toMatchObject({
      latencyMs: 1500,
      observationCount: 1,
      models: ["claude-sonnet-4-6"],
      environment: "production",
      tags: ["a"],
    });
    expect(trace!.totalCost as number).toBeCloseTo(0.0075, 12);
  });

  it("a batch sent three times stores once; duplicates answer 200", async () => {
    const traceId = randomUUID();
    const batch = [
      ev("trace-create", { id: traceId }),
      ev("span-create", { traceId, name: "s" }),
      ev("score-create", { traceId, name: "q", value: 0.5 }),
    ];
    const before = [
      await count("Trace", t.project.id),
      await count("Observation", t.project.id),
      await count("Score", t.project.id),
    ];
    const statuses: number[][] = [];
    for (let i = 0; i < 3; i++) {
      const r = await (await post(ingestKey, { batch })).json();
      statuses.push(r.successes.map((s: { status: number }) => s.status));
    }
    expect(statuses).toEqual([
      [201, 201, 201],
      [200, 200, 200],
      [200, 200, 200],
    ]);
    const after = [
      await count("Trace", t.project.id),
      await count("Observation", t.project.id),
      await count("Score", t.project.id),
    ];
    expect(after).toEqual([before[0]! + 1, before[1]! + 1, before[2]! + 1]);
  });

  it("a mixed batch stores exactly the valid events and names the failing field", async () => {
    const traceId = randomUUID();
    const before = await count("Observation", t.project.id);
    const good1 = ev("span-create", { traceId, name: "ok" });
    const bad1 = ev("generation-create", { traceId, usage: { input: -5 } });
    const bad2 = ev("span-create", { traceId, nmae: "typo" });
    const bad3 = { id: "x", type: "nope", timestamp: now(), body: {} };
    const good2 = ev("event-create", { traceId, name: "e" });
    const res = await (await post(ingestKey, { batch: [good1, bad1, bad2, bad3, "junk", good2] })).json();
    expect(res.successes.map((s: { id: string }) => s.id).sort()).toEqual([good1.id, good2.id].sort());
    const byId = Object.fromEntries(res.errors.map((e: { id: string; message: string }) => [e.id, e.message]));
    expect(byId[bad1.id]).toMatch(/^batch\.1\.body\.usage\.input: /);
    expect(byId[bad2.id]).toMatch(/nmae/);
    expect(byId["x"]).toMatch(/^batch\.3\.type: /);
    expect(byId["#4"]).toBeDefined();
    expect(res.errors.every((e: { status: number }) => e.status === 400)).toBe(true);
    expect(await count("Observation", t.project.id)).toBe(before + 2);
  });

  it("a NUL character (which Postgres cannot store) fails only its own event, naming the field", async () => {
    const traceId = randomUUID();
    const good = ev("trace-create", { id: traceId, name: "fine" });
    const inName = ev("span-create", { traceId, name: "a\u0000b" });
    const inJson = ev("generation-create", { traceId, input: [{ role: "user", content: "x\u0000y" }] });
    const inKey = ev("span-create", { traceId, metadata: { "k\u0000": 1 } });
    const res = await post(ingestKey, { batch: [good, inName, inJson, inKey] });
    expect(res.status).toBe(207);
    const body = await res.json();
    expect(body.successes).toEqual([{ id: good.id, status: 201 }]);
    const byId = Object.fromEntries(body.errors.map((e: { id: string; message: string }) => [e.id, e.message]));
    expect(byId[inName.id]).toMatch(/^batch\.1\.body\.name: contains a NUL character/);
    expect(byId[inJson.id]).toMatch(/^batch\.2\.body\.input\.0\.content: contains a NUL/);
    expect(byId[inKey.id]).toMatch(/^batch\.3\.body\.metadata\.k/);
    const [row] = await getDb().$queryRaw<Array<{ name: string }>>`
      SELECT name FROM "Trace" WHERE "projectId" = ${t.project.id} AND id = ${traceId}`;
    expect(row?.name).toBe("fine");
  });

  it("numbers beyond what the columns hold get a 400 naming the field; absurd spans saturate the roll-ups", async () => {
    const traceId = randomUUID();
    const r = await post(ingestKey, {
      batch: [
        ev("generation-create", { traceId, model: "gpt-4o-mini", usage: { input: 3_000_000_000 } }, "too-many-tokens"),
        ev("generation-create", { traceId, promptName: "p", promptVersion: 2 ** 40 }, "huge-version"),
        // Each fits; together (and over a century) they overflow 32-bit roll-ups.
        ev("span-create", { traceId, startTime: "1970-01-01T00:00:00.000Z", endTime: "2100-01-01T00:00:00.000Z" }),
        ev("generation-create", { traceId, usage: { input: 2_000_000_000, cacheRead: 2_000_000_000 } }),
        ev("generation-create", { traceId, usage: { input: 2_000_000_000, output: 2_000_000_000 } }),
        ev("generation-create", { traceId, usage: { output: 2_000_000_000 } }),
      ],
    });
    expect(r.status).toBe(207);
    const body = await r.json();
    const errors = Object.fromEntries(body.errors.map((e: { id: string; message: string }) => [e.id, e.message]));
    expect(errors["too-many-tokens"]).toMatch(/^batch\.0\.body\.usage\.input: /);
    expect(errors["huge-version"]).toMatch(/^batch\.1\.body\.promptVersion: /);
    expect(body.successes).toHaveLength(4);
    const [row] = await getDb().$queryRaw<
      Array<{ observationCount: number; latencyMs: number; inputTokens: number; outputTokens: number }>
    >`SELECT "observationCount", "latencyMs", "inputTokens", "outputTokens" FROM "Trace"
       WHERE "projectId" = ${t.project.id} AND id = ${traceId}`;
    expect(row).toEqual({
      observationCount: 4,
      latencyMs: 2_147_483_647,
      inputTokens: 2_147_483_647,
      outputTokens: 2_147_483_647,
    });
    // The later roll-up path (observations added to a stored trace) saturates the same way.
    await post(ingestKey, { batch: [ev("generation-create", { traceId, usage: { input: 1 } })] });
    const [again] = await getDb().$queryRaw<Array<{ observationCount: number; inputTokens: number }>>`
      SELECT "observationCount", "inputTokens" FROM "Trace" WHERE "projectId" = ${t.project.id} AND id = ${traceId}`;
    expect(again).toEqual({ observationCount: 5, inputTokens: 2_147_483_647 });
  });

  it("a client-supplied cost wins over the price table", async () => {
    const traceId = randomUUID();
    const id = randomUUID();
    await post(ingestKey, {
      batch: [
        ev("generation-create", {
          id,
          traceId,
          model: "claude-sonnet-4-6",
          usage: { input: 1e6 },
          cost: { total: 0.42 },
        }),
      ],
    });
    const [g] = await getDb().$queryRaw<
      Array<Record<string, unknown>>
    >`SELECT "totalCost", "costSource" FROM "Observation" WHERE "projectId" = ${t.project.id} AND id = ${id}`;
    expect(g).toEqual({ totalCost: 0.42, costSource: "client" });
  });

  it("whole-request errors: bad JSON 400, bad envelope 400, 401, 403, 413; nothing stored", async () => {
    const before = await count("IngestedEvent", t.project.id);
    expect((await post(ingestKey, "{not json")).status).toBe(400);
    const env = await post(ingestKey, { batches: [] });
    expect(env.status).toBe(400);
    expect((await env.json()).error).toMatch(/batch/);
    expect((await post(ingestKey, { batch: [] })).status).toBe(400);
    expect((await post("ys_wrong", { batch: [ev("trace-create", {})] })).status).toBe(401);
    const readOnly = (await t.owner.caller.apiKeys.create({ projectId: t.project.id, name: "r", scopes: ["read"] }))
      .secret;
    expect((await post(readOnly, { batch: [ev("trace-create", {})] })).status).toBe(403);
    const huge = JSON.stringify({ batch: [ev("trace-create", { input: "x".repeat(3_600_000) })] });
    const big = await post(ingestKey, huge);
    expect(big.status).toBe(413);
    expect(await count("IngestedEvent", t.project.id)).toBe(before);
  });

  it("a feedback key may only post feedback and scores, for traces of its project", async () => {
    const traceId = randomUUID();
    await post(ingestKey, { batch: [ev("trace-create", { id: traceId })] });
    const ok = ev("feedback-create", { traceId, thumbs: "down", comment: "wrong answer" });
    const unknownTrace = ev("feedback-create", { traceId: "not-a-trace", thumbs: "up" });
    const notAllowed = ev("trace-create", { id: randomUUID() });
    const res = await (await post(feedbackKey, { batch: [ok, unknownTrace, notAllowed] })).json();
    expect(res.successes).toEqual([{ id: ok.id, status: 201 }]);
    expect(res.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: unknownTrace.id, status: 404 }),
        expect.objectContaining({ id: notAllowed.id, status: 403 }),
      ]),
    );
    const fb = await getDb().$queryRaw<
      Array<Record<string, unknown>>
    >`SELECT thumbs, comment FROM "Feedback" WHERE "projectId" = ${t.project.id} AND "traceId" = ${traceId}`;
    expect(fb).toEqual([{ thumbs: -1, comment: "wrong answer" }]);
  });

  it("events of one project never land in another (keys are the tenant)", async () => {
    const other = await newTenant("ingest-other");
    const otherKey = (
      await other.owner.caller.apiKeys.create({ projectId: other.project.id, name: "o", scopes: ["ingest"] })
    ).secret;
    const sharedId = randomUUID();
    await post(ingestKey, { batch: [ev("trace-create", { id: sharedId, name: "mine" })] });
    await post(otherKey, { batch: [ev("trace-create", { id: sharedId, name: "theirs" })] });
    const rows = await getDb().$queryRaw<
      Array<{ projectId: string; name: string }>
    >`SELECT "projectId", name FROM "Trace" WHERE id = ${sharedId} ORDER BY name`;
    expect(rows).toEqual([
      { projectId: t.project.id, name: "mine" },
      { projectId: other.project.id, name: "theirs" },
    ]);
  });

  it("deleting a project, or its organization, deletes its ingested event ids too (no foreign key, a trigger)", async () => {
    const doomed = await newTenant("ingest-doomed");
    const second = await doomed.owner.caller.projects.create({ organizationId: doomed.org.id, name: "second" });
    const keyOf = async (projectId: string) =>
      (await doomed.owner.caller.apiKeys.create({ projectId, name: "k", scopes: ["ingest"] })).secret;
    const batch = () => ({
      batch: [ev("trace-create", { id: randomUUID() }), ev("span-create", { traceId: randomUUID() })],
    });
    expect((await post(await keyOf(doomed.project.id), batch())).status).toBe(207);
    expect((await post(await keyOf(second.id), batch())).status).toBe(207);
    expect(await count("IngestedEvent", doomed.project.id)).toBe(2);
    expect(await count("IngestedEvent", second.id)).toBe(2);
    const before = await count("IngestedEvent", t.project.id);

    await doomed.owner.caller.projects.delete({ projectId: doomed.project.id, confirmName: doomed.project.name });
    expect(await count("IngestedEvent", doomed.project.id)).toBe(0);
    expect(await count("IngestedEvent", second.id)).toBe(2);
    await doomed.owner.caller.organizations.delete({ organizationId: doomed.org.id, confirmName: doomed.org.name });
    expect(await count("IngestedEvent", second.id)).toBe(0);
    expect(await count("IngestedEvent", t.project.id)).toBe(before);
  });
});
