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

    const [traces] = await direct.$queryRaw<Array<{ n: number }>>`SELECT count(*)::int AS n FROM "Trace" WHERE "projectId" = ${t.project.id}`;
    const [gens] = await direct.$queryRaw<Array<{ n: number; ended: number }>>`
      SELECT count(*)::int AS n, count("endTime")::int AS ended FROM "Observation" WHERE "projectId" = ${t.project.id}`;
    expect(traces!.n).toBe(90);
    expect(gens).toEqual({ n: 90, ended: 90 });
    const stored = await direct.$queryRaw<Array<{ id: string }>>`SELECT id FROM "Trace" WHERE "projectId" = ${t.project.id}`;
    expect(stored.map((r) => r.id).sort()).toEqual([...traceIds].sort());
    expect(ys.stats()).toMatchObject({ dropped: 0, failed: 0 });
    expect(ys.stats().retries).toBeGreaterThan(0);
    expect(errors).toEqual([]);
  }, 60_000);
});
