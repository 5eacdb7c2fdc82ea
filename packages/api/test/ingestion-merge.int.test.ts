// Ingestion merges: updates before creates, concurrent batches on one trace, traces continued
// across batches, half-repeated batches.
import { randomUUID } from "node:crypto";
import { describe, expect, it, beforeAll } from "vitest";
import { getDb } from "@yardstick/db";
import { newTenant } from "./helpers";
import { count, ev, post } from "./ingest-fixtures";

describe("POST /api/public/ingestion merges", () => {
  let t: Awaited<ReturnType<typeof newTenant>>;
  let ingestKey: string;
  beforeAll(async () => {
    t = await newTenant("ingest-merge");
    ingestKey = (await t.owner.caller.apiKeys.create({ projectId: t.project.id, name: "i", scopes: ["ingest"] }))
      .secret;
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
});
