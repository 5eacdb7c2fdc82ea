import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { ZTraceListResponse } from "@yardstick/contracts/traces";
import { getDb, traceTotals } from "@yardstick/db";

const sql = async <T>(text: string, ...values: unknown[]) => getDb().$queryRawUnsafe<T[]>(text, ...values);
import { ingestEvents } from "@yardstick/server/services/ingestion";
import { purgeExpiredTraces } from "@yardstick/server/services/trace-retention";
import { publicRoutes, routeHandler } from "../src/index";
import { expectTrpcError, newTenant } from "./helpers";

const ev = (type: string, body: Record<string, unknown>, at = new Date()) => ({
  id: randomUUID(),
  type,
  timestamp: at.toISOString(),
  body,
});
const ingestKey = (projectId: string) => ({ id: "k", projectId, scopes: ["ingest" as const] });

// 48 traces whose sort keys tie in groups (4 timestamps, 3 latencies, 3 costs), 6 of them with
// no observations at all (no latency: sorts as -1), two prompts with versions, scores 0..1.
type TSpec = {
  id: string;
  ts: number;
  lat: number | null;
  cost: number;
  model: string | null;
  prompt: [string, number] | null;
  score: number;
  error: boolean;
  user: string;
};
const BASE = Date.parse("2026-11-20T00:00:00Z");
const specs: TSpec[] = Array.from({ length: 48 }, (_, i) => ({
  id: `tr-${String((i * 17) % 48).padStart(2, "0")}`, // ids not in timestamp order
  ts: BASE + (i % 4) * 60_000,
  lat: i % 8 === 5 ? null : [100, 2500, 9000][i % 3]!,
  cost: i % 8 === 5 ? 0 : [0.25, 0.5, 1][Math.floor(i / 3) % 3]!,
  model: i % 8 === 5 ? null : i % 5 === 0 ? "claude-opus-4-1" : "claude-haiku-4-5",
  prompt: i % 8 === 5 ? null : i % 2 ? ["answer", 1 + (i % 3)] : ["route", 1],
  score: (i % 5) / 4,
  error: i % 8 === 5 ? false : i % 11 === 0,
  user: `user-${i % 4}`,
}));

function eventsFor(s: TSpec) {
  const at = new Date(s.ts);
  const out = [ev("trace-create", { id: s.id, timestamp: at.toISOString(), userId: s.user, name: "chat" }, at)];
  if (s.lat !== null) {
    out.push(
      ev(
        "generation-create",
        {
          traceId: s.id,
          model: s.model,
          startTime: at.toISOString(),
          endTime: new Date(s.ts + s.lat).toISOString(),
          cost: { total: s.cost },
          level: s.error ? "ERROR" : "DEFAULT",
          ...(s.prompt ? { promptName: s.prompt[0], promptVersion: s.prompt[1] } : {}),
        },
        at,
      ),
    );
  }
  out.push(ev("score-create", { traceId: s.id, name: "quality", value: s.score }, at));
  return out;
}

describe("explorer at scale: sorts, filters, totals", () => {
  let t: Awaited<ReturnType<typeof newTenant>>;
  let readKey: string;
  beforeAll(async () => {
    t = await newTenant("scale");
    readKey = (await t.owner.caller.apiKeys.create({ projectId: t.project.id, name: "read", scopes: ["read"] })).secret;
    const res = await ingestEvents(ingestKey(t.project.id), { batch: specs.flatMap(eventsFor) });
    expect(res.errors).toEqual([]);
  });

  const query = async (qs: string) => {
    const res = await routeHandler(publicRoutes.listTracesRoute)(
      new Request(`http://x/api/public/traces?${qs}`, { headers: { authorization: `Bearer ${readKey}` } }),
    );
    const body = (await res.json()) as unknown;
    if (res.status !== 200) throw new Error(`${res.status} ${JSON.stringify(body)}`);
    return ZTraceListResponse.parse(body);
  };
  const all = async (qs: string, limit: number) => {
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof query>> = await query(
        `${qs}&limit=${limit}${cursor ? `&cursor=${cursor}` : ""}`,
      );
      ids.push(...page.traces.map((x) => x.id));
      cursor = page.nextCursor;
    } while (cursor);
    return ids;
  };

  const keyOf = { timestamp: (s: TSpec) => s.ts, latency: (s: TSpec) => s.lat ?? -1, cost: (s: TSpec) => s.cost };
  for (const sort of ["timestamp", "latency", "cost"] as const) {
    for (const order of ["desc", "asc"] as const) {
      it(`pages exactly through ties: sort=${sort} order=${order}`, async () => {
        const dir = order === "desc" ? -1 : 1;
        const expected = [...specs]
          .sort((a, b) => dir * (keyOf[sort](a) - keyOf[sort](b)) || dir * (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
          .map((s) => s.id);
        // Page sizes that split tie groups at different places.
        for (const limit of [5, 7, 48]) expect(await all(`sort=${sort}&order=${order}`, limit)).toEqual(expected);
        // And with a filter on top.
        const opus = expected.filter((id) => specs.find((s) => s.id === id)!.model === "claude-opus-4-1");
        expect(await all(`sort=${sort}&order=${order}&model=claude-opus-4-1`, 3)).toEqual(opus);
      });
    }
  }

  const ids = async (qs: string) => (await all(qs, 200)).sort();
  const expectIds = (pred: (s: TSpec) => boolean) =>
    specs
      .filter(pred)
      .map((s) => s.id)
      .sort();

  it("filters by prompt name, and by name + version, from the trace's roll-up", async () => {
    expect(await ids("promptName=answer")).toEqual(expectIds((s) => s.prompt?.[0] === "answer"));
    expect(await ids("promptName=answer&promptVersion=2")).toEqual(
      expectIds((s) => s.prompt?.[0] === "answer" && s.prompt[1] === 2),
    );
    expect(await ids("promptName=route&promptVersion=2")).toEqual([]);
    await expect(query("promptVersion=2")).rejects.toThrow(/promptVersion needs promptName/);
  });

  it("each filter returns exactly its matches", async () => {
    expect(await ids("model=claude-opus-4-1")).toEqual(expectIds((s) => s.model === "claude-opus-4-1"));
    expect(await ids("hasError=true")).toEqual(expectIds((s) => s.error));
    expect(await ids("minLatencyMs=2500")).toEqual(expectIds((s) => (s.lat ?? -1) >= 2500));
    expect(await ids("minCost=0.5")).toEqual(expectIds((s) => s.cost >= 0.5));
    expect(await ids("userId=user-2")).toEqual(expectIds((s) => s.user === "user-2"));
    expect(await ids("scoreName=quality&scoreMin=0.5&scoreMax=0.75")).toEqual(
      expectIds((s) => s.score >= 0.5 && s.score <= 0.75),
    );
    const from = new Date(BASE + 60_000).toISOString();
    const to = new Date(BASE + 180_000).toISOString();
    expect(await ids(`from=${from}&to=${to}&model=claude-haiku-4-5`)).toEqual(
      expectIds((s) => s.ts >= BASE + 60_000 && s.ts < BASE + 180_000 && s.model === "claude-haiku-4-5"),
    );
  });

  const percentileCont = (values: number[], p: number) => {
    const v = [...values].sort((a, b) => a - b);
    const x = p * (v.length - 1);
    const lo = Math.floor(x);
    return v[lo]! + (v[Math.min(lo + 1, v.length - 1)]! - v[lo]!) * (x - lo);
  };
  const figures = (rows: TSpec[]) => {
    const lats = rows.filter((s) => s.lat !== null).map((s) => s.lat!);
    return {
      count: rows.length,
      totalCost: expect.closeTo(
        rows.reduce((a, s) => a + s.cost, 0),
        9,
      ),
      p50LatencyMs: lats.length ? expect.closeTo(percentileCont(lats, 0.5), 6) : null,
      p95LatencyMs: lats.length ? expect.closeTo(percentileCont(lats, 0.95), 6) : null,
      meanScore: expect.closeTo(rows.reduce((a, s) => a + s.score, 0) / rows.length, 9),
    };
  };

  it("totals are exact below the threshold, and grouped by prompt version", async () => {
    const totals = await t.owner.caller.traces.totals({
      projectId: t.project.id,
      filter: { model: "claude-haiku-4-5" },
      scoreName: "quality",
      groupBy: "prompt",
    });
    const haiku = specs.filter((s) => s.model === "claude-haiku-4-5");
    expect(totals).toMatchObject({ basis: "exact", countIsEstimate: false, scoreName: "quality", ...figures(haiku) });
    const key = (s: TSpec) => (s.prompt ? `${s.prompt[0]}@${s.prompt[1]}` : "none");
    const expectedGroups = [...new Set(haiku.map(key))].map((k) => ({ k, rows: haiku.filter((s) => key(s) === k) }));
    expect(totals.groups).toHaveLength(expectedGroups.length);
    for (const g of expectedGroups) {
      const got = totals.groups.find((x) => (x.promptName ? `${x.promptName}@${x.promptVersion}` : "none") === g.k);
      expect(got, g.k).toMatchObject(figures(g.rows));
    }
  });

  it("past the threshold the totals are an estimate from a sample, labelled as such", async () => {
    // A threshold of 10 and a sample of the whole table: the estimate path, whose figures must
    // then equal the exact ones.
    const est = await traceTotals(t.project.id, {}, { exactLimit: 10, sampleRows: 1e12, scoreName: "quality" });
    expect(est).toMatchObject({ basis: "sample", countIsEstimate: true, exactLimit: 10, ...figures(specs) });
    // With a score filter too (on the sample path its subquery is a per-row probe).
    const estScore = await traceTotals(
      t.project.id,
      { scoreName: "quality", scoreMin: 0.5 },
      { exactLimit: 5, sampleRows: 1e12 },
    );
    expect(estScore).toMatchObject({ basis: "sample", ...figures(specs.filter((s) => s.score >= 0.5)) });
    // Below it, exact.
    const exact = await traceTotals(t.project.id, { userId: "user-1" }, { exactLimit: 20 });
    expect(exact).toMatchObject({ basis: "exact", countIsEstimate: false, count: 12 });
  });

  it("a score filter with few matching scores is aggregated exactly from those scores' traces", async () => {
    const top = specs.filter((s) => s.score >= 1); // 9 traces
    const few = await traceTotals(t.project.id, { scoreName: "quality", scoreMin: 1 }, { exactLimit: 10 });
    expect(few).toMatchObject({ basis: "exact", countIsEstimate: false, ...figures(top) });
    // with another filter on top, still only the traces matching both
    const both = await traceTotals(
      t.project.id,
      { scoreName: "quality", scoreMin: 1, userId: "user-0" },
      { exactLimit: 10 },
    );
    expect(both).toMatchObject({ basis: "exact", ...figures(top.filter((s) => s.user === "user-0")) });
    // more matching scores than the limit: the capped count decides as before
    const many = await traceTotals(
      t.project.id,
      { scoreName: "quality", scoreMin: 0.5 },
      { exactLimit: 10, sampleRows: 1e12 },
    );
    expect(many).toMatchObject({ basis: "sample", ...figures(specs.filter((s) => s.score >= 0.5)) });
  });

  it("another project's caller cannot read the totals", async () => {
    const other = await newTenant("other");
    await expectTrpcError(other.owner.caller.traces.totals({ projectId: t.project.id }), "NOT_FOUND");
  });
});

describe("prompt roll-up under late events and updates", () => {
  it("is recomputed when a generation arrives later or is updated", async () => {
    const t = await newTenant("late");
    const key = ingestKey(t.project.id);
    const gen = randomUUID();
    await ingestEvents(key, {
      batch: [ev("trace-create", { id: "late-1" }), ev("generation-create", { id: gen, traceId: "late-1" })],
    });
    const prompts = async () =>
      (
        await sql<{ prompts: string[] | null }>(
          `SELECT prompts FROM "Trace" WHERE "projectId" = $1 AND id = 'late-1'`,
          t.project.id,
        )
      )[0]!.prompts;
    expect(await prompts()).toEqual([]);
    // An update of the stored generation names its prompt.
    await ingestEvents(key, {
      batch: [ev("generation-update", { id: gen, traceId: "late-1", promptName: "answer", promptVersion: 3 })],
    });
    expect(await prompts()).toEqual(["answer", "answer\u001f3"]);
    // A late generation (its trace is stored) with another version adds to the roll-up.
    await ingestEvents(key, {
      batch: [ev("generation-create", { traceId: "late-1", promptName: "answer", promptVersion: 4 })],
    });
    expect(await prompts()).toEqual(["answer", "answer\u001f3", "answer\u001f4"]);
    const totals = await t.owner.caller.traces.totals({
      projectId: t.project.id,
      filter: { promptName: "answer", promptVersion: 4 },
    });
    expect(totals.count).toBe(1);
  });
});

describe("trace retention", () => {
  it("deletes exactly the project's expired traces, in batches, while ingest continues", async () => {
    const a = await newTenant("retain-a");
    const b = await newTenant("retain-b");
    const now = new Date("2026-12-01T00:00:00Z");
    const day = 86_400_000;
    const batchFor = (prefix: string, n: number, ageDays: number) =>
      Array.from({ length: n }, (_, i) => {
        const at = new Date(now.getTime() - ageDays * day - i * 1000);
        const id = `${prefix}-${i}`;
        return [
          ev("trace-create", { id, timestamp: at.toISOString() }, at),
          ev("span-create", { traceId: id, startTime: at.toISOString() }, at),
          ev("score-create", { traceId: id, name: "q", value: 1 }, at),
        ];
      }).flat();
    const oldEvents = batchFor("old", 25, 100);
    const bOld = batchFor("old", 5, 100);
    await ingestEvents(ingestKey(a.project.id), { batch: [...oldEvents, ...batchFor("new", 10, 5)] });
    await ingestEvents(ingestKey(b.project.id), { batch: bOld });
    // As if the old events had been received 100 days ago (receivedAt is set by the database).
    for (const [p, evs] of [
      [a.project.id, oldEvents],
      [b.project.id, bOld],
    ] as const) {
      await sql(
        `UPDATE "IngestedEvent" SET "receivedAt" = now() - interval '100 days' WHERE "projectId" = $1 AND "eventId" = ANY($2::text[])`,
        p,
        evs.map((e) => e.id),
      );
    }
    await a.owner.caller.projects.setTraceRetention({ projectId: a.project.id, days: 90 });
    expect((await a.owner.caller.projects.get({ projectId: a.project.id })).traceRetentionDays).toBe(90);

    // Ingest keeps writing current traces into the same project while the purge runs.
    const ingesting = (async () => {
      for (let r = 0; r < 5; r++) await ingestEvents(ingestKey(a.project.id), { batch: batchFor(`live${r}`, 10, 0) });
    })();
    const result = await purgeExpiredTraces(a.project.id, 90, { now, batchSize: 4 });
    await ingesting;
    expect(result).toMatchObject({ traces: 25, observations: 25, scores: 25, eventIds: 75, done: true, batches: 7 });

    const count = async (table: string, projectId: string) =>
      Number(
        (await sql<{ n: number }>(`SELECT count(*)::int AS n FROM "${table}" WHERE "projectId" = $1`, projectId))[0]!.n,
      );
    const left = await sql<{ id: string }>(`SELECT id FROM "Trace" WHERE "projectId" = $1`, a.project.id);
    expect(left.every((r) => !r.id.startsWith("old-"))).toBe(true);
    expect(left).toHaveLength(60);
    expect(await count("Observation", a.project.id)).toBe(60);
    expect(await count("Score", a.project.id)).toBe(60);
    // The other project (no retention setting) keeps everything.
    expect(await count("Trace", b.project.id)).toBe(5);
    expect(await count("IngestedEvent", b.project.id)).toBe(15);
    expect(await count("IngestedEvent", a.project.id)).toBe(30 + 150);
  });

  it("refuses a bad setting naming the field, and needs ADMIN", async () => {
    const a = await newTenant("retain-c");
    await expectTrpcError(
      a.owner.caller.projects.setTraceRetention({ projectId: a.project.id, days: 0 }),
      "BAD_REQUEST",
    );
    await a.owner.caller.projects.setTraceRetention({ projectId: a.project.id, days: null });
  });
});
