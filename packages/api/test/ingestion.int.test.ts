import { randomUUID } from "node:crypto";
import { describe, expect, it, beforeAll } from "vitest";
import { getDb } from "@yardstick/db";
import { ingestEvents, jsonResponse, publicRoute, readJsonBody } from "../src/index";
import { newTenant } from "./helpers";

// The same handler the Next route exports, driven with real Request/Response objects.
const route = publicRoute(["ingest", "feedback"], async (req, key) =>
  jsonResponse(207, await ingestEvents(key, await readJsonBody(req, 3_500_000))),
);
const post = (secret: string, body: unknown) =>
  route(
    new Request("http://localhost/api/public/ingestion", {
      method: "POST",
      headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" },
      body: typeof body === "string" ? body : JSON.stringify(body),
    }),
  );

const now = () => new Date().toISOString();
const ev = (type: string, body: Record<string, unknown>, id: string = randomUUID(), timestamp = now()) => ({
  id,
  type,
  timestamp,
  body,
});

async function count(table: string, projectId: string) {
  const rows = await getDb().$queryRawUnsafe<Array<{ n: bigint }>>(
    `SELECT count(*)::bigint AS n FROM "${table}" WHERE "projectId" = $1`,
    projectId,
  );
  return Number(rows[0]!.n);
}

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

  it("an update that arrives before its create loses nothing", async () => {
    const traceId = randomUUID();
    const genId = randomUUID();
    await post(ingestKey, {
      batch: [
        ev("generation-update", {
          id: genId,
          traceId,
          endTime: "2026-11-20T10:00:02.000Z",
          output: "late output",
          usage: { output: 50 },
        }),
      ],
    });
    await post(ingestKey, {
      batch: [
        ev("generation-create", {
          id: genId,
          traceId,
          name: "gen",
          model: "gpt-4o-mini",
          startTime: "2026-11-20T10:00:00.000Z",
          usage: { input: 100 },
        }),
      ],
    });
    const [g] = await getDb().$queryRaw<Array<Record<string, unknown>>>`
      SELECT name, model, output, "inputTokens", "outputTokens", "startTime", "endTime", "totalCost" FROM "Observation"
       WHERE "projectId" = ${t.project.id} AND id = ${genId}`;
    expect(g).toMatchObject({
      name: "gen",
      model: "gpt-4o-mini",
      output: "late output",
      inputTokens: 100,
      outputTokens: 50,
    });
    expect((g!.startTime as Date).toISOString()).toBe("2026-11-20T10:00:00.000Z");
    expect((g!.endTime as Date).toISOString()).toBe("2026-11-20T10:00:02.000Z");
    expect(g!.totalCost as number).toBeCloseTo((100 * 0.15 + 50 * 0.6) / 1e6, 15);
  });

  it("concurrent batches touching the same trace lose no field", async () => {
    for (let i = 0; i < 15; i++) {
      const traceId = randomUUID();
      const spanId = randomUUID();
      await Promise.all([
        post(ingestKey, { batch: [ev("span-create", { id: spanId, traceId, name: "child" })] }),
        post(ingestKey, { batch: [ev("trace-create", { id: traceId, name: "root", userId: "u-race" })] }),
        post(ingestKey, { batch: [ev("span-update", { id: spanId, traceId, output: "done" })] }),
      ]);
      const [row] = await getDb().$queryRaw<Array<{ name: string; userId: string; observationCount: number }>>`
        SELECT name, "userId", "observationCount" FROM "Trace" WHERE "projectId" = ${t.project.id} AND id = ${traceId}`;
      expect(row).toEqual({ name: "root", userId: "u-race", observationCount: 1 });
      const [span] = await getDb().$queryRaw<Array<{ name: string; output: string }>>`
        SELECT name, output FROM "Observation" WHERE "projectId" = ${t.project.id} AND id = ${spanId}`;
      expect(span).toEqual({ name: "child", output: "done" });
    }
  });

  it("two batches carrying the same whole trace at once merge into one trace with both spans", async () => {
    // Each batch is self-contained (its trace and the trace's spans), so each first tries the single
    // autocommit statement; the loser finds the trace held by the other and is redone in a transaction.
    for (let i = 0; i < 10; i++) {
      const traceId = randomUUID();
      const [a, b] = await Promise.all([
        post(ingestKey, {
          batch: [ev("trace-create", { id: traceId, name: "whole" }), ev("span-create", { traceId, name: "a" })],
        }),
        post(ingestKey, {
          batch: [ev("trace-create", { id: traceId, userId: "u-both" }), ev("span-create", { traceId, name: "b" })],
        }),
      ]);
      expect([a.status, b.status]).toEqual([207, 207]);
      const [row] = await getDb().$queryRaw<Array<{ name: string; userId: string; observationCount: number }>>`
        SELECT name, "userId", "observationCount" FROM "Trace" WHERE "projectId" = ${t.project.id} AND id = ${traceId}`;
      expect(row).toEqual({ name: "whole", userId: "u-both", observationCount: 2 });
    }
  });

  it("a trace continued in a later batch is merged and rolled up again", async () => {
    const traceId = randomUUID();
    const genId = randomUUID();
    await post(ingestKey, {
      batch: [
        ev("trace-create", { id: traceId, name: "continued" }),
        ev("generation-create", {
          id: genId,
          traceId,
          model: "gpt-4o-mini",
          startTime: "2026-11-20T10:00:00.000Z",
          usage: { input: 1000 },
        }),
      ],
    });
    const r = await post(ingestKey, {
      batch: [
        ev("generation-update", { id: genId, traceId, endTime: "2026-11-20T10:00:03.000Z", usage: { output: 100 } }),
        ev("span-create", { traceId, name: "after", startTime: "2026-11-20T10:00:01.000Z" }),
      ],
    });
    expect((await r.json()).successes.map((x: { status: number }) => x.status)).toEqual([201, 201]);
    const [row] = await getDb().$queryRaw<
      Array<{ observationCount: number; latencyMs: number; outputTokens: number; totalCost: number }>
    >`SELECT "observationCount", "latencyMs", "outputTokens", "totalCost" FROM "Trace"
       WHERE "projectId" = ${t.project.id} AND id = ${traceId}`;
    expect(row).toMatchObject({ observationCount: 2, latencyMs: 3000, outputTokens: 100 });
    expect(row!.totalCost).toBeCloseTo((1000 * 0.15 + 100 * 0.6) / 1e6, 15);
  });

  it("a batch mixing stored and new events stores only the new ones", async () => {
    const traceId = randomUUID();
    const first = [ev("trace-create", { id: traceId, name: "mixed" }), ev("span-create", { traceId, name: "one" })];
    await post(ingestKey, { batch: first });
    const before = await count("Observation", t.project.id);
    const r = await (await post(ingestKey, { batch: [...first, ev("span-create", { traceId, name: "two" })] })).json();
    expect(r.successes.map((x: { status: number }) => x.status)).toEqual([200, 200, 201]);
    expect(await count("Observation", t.project.id)).toBe(before + 1);
    const [row] = await getDb().$queryRaw<Array<{ observationCount: number }>>`
      SELECT "observationCount" FROM "Trace" WHERE "projectId" = ${t.project.id} AND id = ${traceId}`;
    expect(row!.observationCount).toBe(2);
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
