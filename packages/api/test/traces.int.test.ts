import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { ZTraceDetail, ZTraceListResponse } from "@yardstick/contracts/traces";
import { ingestEvents } from "@yardstick/server/services/ingestion";
import { publicRoutes, routeHandler } from "../src/index";
import { expectTrpcError, newTenant } from "./helpers";

const ev = (type: string, body: Record<string, unknown>) => ({
  id: randomUUID(),
  type,
  timestamp: new Date().toISOString(),
  body,
});

describe("trace explorer queries", () => {
  let t: Awaited<ReturnType<typeof newTenant>>;
  const ids: string[] = [];
  let readKey: string;
  beforeAll(async () => {
    t = await newTenant("explorer");
    readKey = (await t.owner.caller.apiKeys.create({ projectId: t.project.id, name: "read", scopes: ["read"] })).secret;
    const key = { id: "k", projectId: t.project.id, scopes: ["ingest" as const] };
    const batch = [];
    for (let i = 0; i < 30; i++) {
      const id = `trace-${String(i).padStart(2, "0")}`;
      ids.push(id);
      const ts = new Date(Math.floor(Date.now() / 1000) * 1000 - 86_400_000 + i * 1000).toISOString();
      batch.push(
        ev("trace-create", {
          id,
          timestamp: ts,
          name: i % 2 ? "chat" : "search",
          userId: `user-${i % 3}`,
          sessionId: `session-${i % 5}`,
          tags: i % 4 === 0 ? ["vip", "beta"] : ["beta"],
          environment: i < 20 ? "production" : "staging",
          release: i < 10 ? "v1" : "v2",
          input: { q: `question ${i}` },
        }),
        ev("generation-create", {
          traceId: id,
          model: i % 3 === 0 ? "claude-haiku-4-5" : "gpt-4o-mini",
          startTime: ts,
          endTime: new Date(Date.parse(ts) + i * 100).toISOString(),
          usage: { input: 1000 * (i + 1), output: 100 },
          level: i === 7 ? "ERROR" : undefined,
        }),
        ev("score-create", { traceId: id, name: "helpfulness", value: i / 30 }),
      );
    }
    const res = await ingestEvents(key, { batch });
    expect(res.errors).toEqual([]);
  });

  // The real routes (as the Next route files mount them); answers are checked against the
  // documented response schemas, errors thrown as {status, message}.
  async function call<T>(res: Response, schema: { parse(v: unknown): T }): Promise<T> {
    const body = (await res.json()) as { error?: string };
    if (res.status !== 200) throw { status: res.status, message: body.error };
    schema.parse(body);
    return body as T;
  }
  const auth = (key: string) => ({ headers: { authorization: `Bearer ${key}` } });
  const query = async (qs: string) =>
    call(
      await routeHandler(publicRoutes.listTracesRoute)(new Request(`http://x/api/public/traces?${qs}`, auth(readKey))),
      ZTraceListResponse,
    );
  const getTraceForApi = async (key: string, traceId: string) =>
    call(
      await routeHandler(publicRoutes.getTraceRoute)(new Request(`http://x/api/public/traces/${traceId}`, auth(key)), {
        params: Promise.resolve({ traceId }),
      }),
      ZTraceDetail,
    );

  it("pages by cursor through every trace exactly once, newest first", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof query>> = await query(`limit=7${cursor ? `&cursor=${cursor}` : ""}`);
      seen.push(...page.traces.map((tr) => tr.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...ids].reverse());
  });

  it("filters combine (name, user, tags, environment, release, model, error, latency, cost, score)", async () => {
    const names = async (qs: string) => (await query(qs)).traces.map((tr) => tr.id).sort();
    const expected = (pred: (i: number) => boolean) => ids.filter((_, i) => pred(i)).sort();
    expect(await names("name=chat&userId=user-1")).toEqual(expected((i) => i % 2 === 1 && i % 3 === 1));
    expect(await names("tags=vip,beta&environment=production")).toEqual(expected((i) => i % 4 === 0 && i < 20));
    expect(await names("release=v1&model=claude-haiku-4-5")).toEqual(expected((i) => i < 10 && i % 3 === 0));
    expect(await names("hasError=true")).toEqual(["trace-07"]);
    expect(await names("minLatencyMs=2500")).toEqual(expected((i) => i * 100 >= 2500));
    // Fractions and values past the 32-bit column are valid filters, not server errors.
    expect(await names("minLatencyMs=2450.5")).toEqual(expected((i) => i * 100 >= 2450.5));
    expect(await names("minLatencyMs=1e12")).toEqual([]);
    expect(await names("minCost=1e300")).toEqual([]);
    // Cursors that do not fit their sort are ignored (first page), not sent to fail in Postgres.
    const first = (await query("sort=latency&limit=3")).traces.map((tr) => tr.id);
    for (const bad of [
      [1.5e12, "x"],
      ["not-a-date", "x"],
      [1.5, "trace-01"],
    ]) {
      const cursor = Buffer.from(JSON.stringify(bad)).toString("base64url");
      const page = await query(`sort=latency&limit=3&cursor=${cursor}`);
      expect(page.traces.length).toBeLessThanOrEqual(3);
      const ts = await query(`limit=3&cursor=${cursor}`);
      expect(ts.traces.length).toBe(3);
    }
    expect(first).toHaveLength(3);
    expect(await names("scoreName=helpfulness&scoreMin=0.9")).toEqual(expected((i) => i / 30 >= 0.9));
    const cheap = await query("minCost=0.01&sort=cost&order=asc");
    const costs = cheap.traces.map((tr) => tr.totalCost);
    expect(costs).toEqual([...costs].sort((a, b) => a - b));
    expect(costs.every((c) => c >= 0.01)).toBe(true);
  });

  it("sorts by latency both ways with stable pagination", async () => {
    const asc = await query("sort=latency&order=asc&limit=200");
    expect(asc.traces.map((tr) => tr.latencyMs)).toEqual(ids.map((_, i) => i * 100));
    const p1 = await query("sort=latency&order=desc&limit=10");
    const p2 = await query(`sort=latency&order=desc&limit=10&cursor=${p1.nextCursor}`);
    expect([...p1.traces, ...p2.traces].map((tr) => tr.latencyMs)).toEqual(
      ids
        .map((_, i) => i * 100)
        .reverse()
        .slice(0, 20),
    );
  });

  it("rejects unknown or malformed parameters naming them", async () => {
    await expect(query("nmae=chat")).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/nmae/) });
    await expect(query("minCost=cheap")).rejects.toMatchObject({
      status: 400,
      message: expect.stringMatching(/minCost/),
    });
    await expect(query("limit=5000")).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/limit/) });
    await expect(query("from=-200000-01-01T00:00:00Z")).rejects.toMatchObject({
      status: 400,
      message: expect.stringMatching(/from/),
    });
    await expect(query("scoreMin=1")).rejects.toMatchObject({
      status: 400,
      message: expect.stringMatching(/scoreName/),
    });
  });

  it("a NUL in a filter or a trace id (text Postgres cannot hold) is a 400 naming it, not a 500", async () => {
    for (const [qs, field] of [
      ["name=a%00b", "name"],
      ["userId=%00", "userId"],
      ["tags=ok,x%00", "tags.1"],
      ["scoreName=s&scoreValue=%00", "scoreValue"],
      ["environment=%00", "environment"],
    ] as const) {
      await expect(query(qs), qs).rejects.toMatchObject({
        status: 400,
        message: expect.stringContaining(`${field}: must not contain a NUL`),
      });
    }
    await expect(getTraceForApi(readKey, "trace\u000007")).rejects.toMatchObject({ status: 400 });
    // the explorer (tRPC) parses the same filter
    await expectTrpcError(
      t.owner.caller.traces.list({ projectId: t.project.id, filter: { name: "a\u0000" } }),
      "BAD_REQUEST",
    );
  });

  it("trace detail holds observations, scores and feedback; other projects see nothing", async () => {
    const detail = (await getTraceForApi(readKey, "trace-07")) as Record<string, unknown> & {
      observations: Array<Record<string, unknown>>;
      scores: unknown[];
    };
    expect(detail.observations).toHaveLength(1);
    expect(detail.observations[0]).toMatchObject({ level: "ERROR", model: "gpt-4o-mini" });
    expect(detail.scores).toHaveLength(1);
    const other = await newTenant("explorer-other");
    const otherKey = (
      await other.owner.caller.apiKeys.create({ projectId: other.project.id, name: "r", scopes: ["read"] })
    ).secret;
    await expect(getTraceForApi(otherKey, "trace-07")).rejects.toMatchObject({ status: 404 });
    await expectTrpcError(other.owner.caller.traces.get({ projectId: t.project.id, traceId: "trace-07" }), "NOT_FOUND");
    const viaTrpc = await t.owner.caller.traces.get({ projectId: t.project.id, traceId: "trace-07" });
    expect(viaTrpc).toMatchObject({ id: "trace-07", name: "chat" });
  });

  it("sessions and users group traces with counts and cost", async () => {
    const sessions = await t.owner.caller.traces.sessions({ projectId: t.project.id });
    expect(sessions.groups.map((g) => g.key).sort()).toEqual([
      "session-0",
      "session-1",
      "session-2",
      "session-3",
      "session-4",
    ]);
    expect(sessions.groups.every((g) => g.traceCount === 6)).toBe(true);
    const users = await t.owner.caller.traces.users({ projectId: t.project.id });
    expect(users.groups.map((g) => [g.key, g.traceCount]).sort()).toEqual([
      ["user-0", 10],
      ["user-1", 10],
      ["user-2", 10],
    ]);
    expect(users.groups.reduce((s, g) => s + g.totalCost, 0)).toBeGreaterThan(0);
    const opts = await t.owner.caller.traces.filterOptions({ projectId: t.project.id });
    expect(opts.environments).toEqual(["production", "staging"]);
    expect(opts.models).toEqual(["claude-haiku-4-5", "gpt-4o-mini"]);
  });
});
