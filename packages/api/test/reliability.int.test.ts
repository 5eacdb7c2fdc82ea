import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { Yardstick } from "@yardstick/sdk";
import { closeDb, createDb, getDb, setDb, type Db } from "@yardstick/db";
import { publicRoutes, routeHandler } from "../src/index";
import { newTenant } from "./helpers";
import { serveRoutes } from "./http-server";
import { startTcpProxy } from "./tcp-proxy";

// The database is cut mid-run by a TCP proxy this test controls: the route answers 503 with
// Retry-After and acknowledges nothing; once the database is back, the SDK's retries bring the
// stored count to exactly what was sent.
describe("ingest survives a database outage", () => {
  let proxy: Awaited<ReturnType<typeof startTcpProxy>>;
  let server: Awaited<ReturnType<typeof serveRoutes>>;
  let viaProxy: Db;
  let direct: Db;
  const statuses: number[] = [];
  let t: Awaited<ReturnType<typeof newTenant>>;
  let secret: string;

  beforeAll(async () => {
    t = await newTenant("outage");
    secret = (await t.owner.caller.apiKeys.create({ projectId: t.project.id, name: "o", scopes: ["ingest"] })).secret;
    const url = new URL(inject("databaseUrl"));
    proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port || 5432) });
    url.port = String(proxy.port);
    direct = getDb();
    viaProxy = createDb(url.toString(), { poolMax: inject("databaseKind") === "embedded" ? 1 : 4 });
    const route = routeHandler(publicRoutes.ingestionRoute);
    server = await serveRoutes({
      "/api/public/ingestion": async (req) => {
        setDb(viaProxy); // the app's connection goes through the proxy
        try {
          const res = await route(req);
          statuses.push(res.status);
          return res;
        } finally {
          setDb(direct);
        }
      },
    });
  });
  afterAll(async () => {
    await server.close();
    await closeDb(viaProxy);
    await proxy.close();
  });

  it("503s during the cut, then exactly what was sent is stored", async () => {
    const errors: string[] = [];
    const ys = new Yardstick({
      baseUrl: server.url,
      apiKey: secret,
      flushAt: 20,
      flushIntervalMs: 50,
      maxRetries: 20,
      onError: (e) => errors.push(e.code),
    });
    const traceIds: string[] = [];
    const send = (n: number) => {
      for (let i = 0; i < n; i++) {
        const tr = ys.trace({ name: "outage", userId: "u" });
        traceIds.push(tr.id);
        const g = tr.generation({ name: "g", model: "claude-haiku-4-5", input: "hi" });
        g.end({ output: "hello", usage: { input: 10, output: 2 } });
      }
    };
    send(30);
    await ys.flush();
    proxy.cut();
    send(30); // sent while the database is unreachable
    await new Promise((r) => setTimeout(r, 1500));
    expect(statuses).toContain(503);
    proxy.restore();
    send(30);
    await ys.flush();
    await ys.shutdown();

    const [traces] = await direct.$queryRaw<
      Array<{ n: number }>
    >`SELECT count(*)::int AS n FROM "Trace" WHERE "projectId" = ${t.project.id}`;
    const [gens] = await direct.$queryRaw<Array<{ n: number; ended: number }>>`
      SELECT count(*)::int AS n, count("endTime")::int AS ended FROM "Observation" WHERE "projectId" = ${t.project.id}`;
    expect(traces!.n).toBe(90);
    expect(gens).toEqual({ n: 90, ended: 90 });
    const stored = await direct.$queryRaw<
      Array<{ id: string }>
    >`SELECT id FROM "Trace" WHERE "projectId" = ${t.project.id}`;
    expect(stored.map((r) => r.id).sort()).toEqual([...traceIds].sort());
    expect(ys.stats()).toMatchObject({ dropped: 0, failed: 0 });
    expect(ys.stats().retries).toBeGreaterThan(0);
    expect(errors).toEqual([]);
  }, 60_000);
});

// Backends killed under load (pg_terminate_backend on the app's connections, as a failover or an
// operator does): every failed request is a 503 with Retry-After, never a 500, whatever layer saw
// the loss (a query cut mid-flight, a client no longer queryable, a connect refused during the
// restart, Prisma's wrapping); every acknowledged event is stored, and once retried, exactly once.
describe("backends killed during a load of concurrent batches", () => {
  const APP_NAME = "yardstick-kill-test";
  let app: Db;
  let server: Awaited<ReturnType<typeof serveRoutes>>;
  let t: Awaited<ReturnType<typeof newTenant>>;
  let secret: string;
  const embedded = inject("databaseKind") === "embedded";

  beforeAll(async () => {
    if (embedded) return;
    t = await newTenant("kill");
    secret = (await t.owner.caller.apiKeys.create({ projectId: t.project.id, name: "k", scopes: ["ingest", "read"] }))
      .secret;
    const url = new URL(inject("databaseUrl"));
    url.searchParams.set("application_name", APP_NAME);
    app = createDb(url.toString(), { poolMax: 4 });
    server = await serveRoutes({
      "/api/public/ingestion": routeHandler(publicRoutes.ingestionRoute),
      "/api/public/traces": routeHandler(publicRoutes.listTracesRoute),
      "/api/public/project": routeHandler(publicRoutes.getProjectRoute),
    });
  });
  afterAll(async () => {
    if (embedded) return;
    await server.close();
    await closeDb(app);
  });

  // PGlite serves every connection from one process: there is no backend to terminate.
  it.skipIf(embedded)(
    "every failure is a 503 with Retry-After; acknowledged events are stored exactly once",
    async () => {
      const direct = getDb();
      setDb(app); // the app's routes run on connections the killer can find by application_name
      const BATCHES = 120;
      const WORKERS = 6;
      const batch = (b: number) => ({
        batch: [
          {
            id: `k${b}-t`,
            timestamp: new Date().toISOString(),
            type: "trace-create",
            body: { id: `kill-${b}`, name: "k" },
          },
          // no body ids: only the event ids keep a retried batch from storing these twice
          ...[0, 1, 2, 3].map((i) => ({
            id: `k${b}-e${i}`,
            timestamp: new Date().toISOString(),
            type: "event-create",
            body: { traceId: `kill-${b}`, name: `e${i}` },
          })),
        ],
      });
      const send = (b: number) =>
        fetch(`${server.url}/api/public/ingestion`, {
          method: "POST",
          headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" },
          body: JSON.stringify(batch(b)),
        }).then(async (r) => ({ status: r.status, retryAfter: r.headers.get("retry-after"), body: await r.text() }));
      const read = (path: string) =>
        fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${secret}` } }).then(async (r) => ({
          status: r.status,
          retryAfter: r.headers.get("retry-after"),
          body: await r.text(),
        }));

      const results = new Map<number, Awaited<ReturnType<typeof send>>>();
      const reads: Array<Awaited<ReturnType<typeof read>>> = [];
      let killed = 0;
      let next = 0;
      let done = false;
      try {
        const killer = (async () => {
          while (!done) {
            const [r] = await direct.$queryRaw<Array<{ n: number }>>`
            SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE application_name = ${APP_NAME}`;
            killed += r!.n;
            await new Promise((res) => setTimeout(res, 25 + Math.random() * 50));
          }
        })();
        const workers = Array.from({ length: WORKERS }, async (_, w) => {
          for (let b = next++; b < BATCHES; b = next++) {
            results.set(b, await send(b));
            if (b % WORKERS === w) reads.push(await read(b % 2 ? "/api/public/traces?limit=5" : "/api/public/project"));
          }
        });
        await Promise.all(workers);
        done = true;
        await killer;

        const all = [...results.values(), ...reads];
        const failed = all.filter((r) => r.status !== 207 && r.status !== 200);
        expect(killed).toBeGreaterThan(0);
        expect(failed.length, "no request failed: the test killed nothing that mattered").toBeGreaterThan(0);
        for (const r of failed) {
          expect(r.status, r.body).toBe(503);
          expect(r.retryAfter).toBe("5");
        }
        for (const r of results.values()) {
          if (r.status === 207) expect(JSON.parse(r.body).errors).toEqual([]);
        }

        // Acknowledged events are stored now, before any retry.
        const acked = [...results].filter(([, r]) => r.status === 207).map(([b]) => `kill-${b}`);
        const [stored] = await direct.$queryRaw<Array<{ n: number }>>`
        SELECT count(*)::int AS n FROM "Observation" WHERE "projectId" = ${t.project.id} AND "traceId" = ANY(${acked})`;
        expect(stored!.n).toBe(acked.length * 4);

        // The failed batches, retried as the SDK would: then every event is stored exactly once.
        for (const [b, r] of results) {
          let res = r;
          for (let attempt = 0; res.status !== 207 && attempt < 5; attempt++) res = await send(b);
          expect(res.status, res.body).toBe(207);
        }
        const perTrace = await direct.$queryRaw<Array<{ traceId: string; n: number }>>`
        SELECT "traceId", count(*)::int AS n FROM "Observation" WHERE "projectId" = ${t.project.id} GROUP BY "traceId"`;
        expect(perTrace).toHaveLength(BATCHES);
        expect(perTrace.every((r) => r.n === 4)).toBe(true);
        console.log(
          `killed ${killed} backends; ${failed.length} of ${all.length} requests answered 503 (${results.size} batches, ${reads.length} reads)`,
        );
      } finally {
        done = true;
        setDb(direct);
      }
    },
    120_000,
  );
});
