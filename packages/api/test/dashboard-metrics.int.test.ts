import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { ingestEvents } from "@yardstick/server/services/ingestion";
import { publicRoutes, routeHandler } from "../src/index";
import { newTenant } from "./helpers";

const ev = (type: string, body: Record<string, unknown>) => ({
  id: randomUUID(),
  type,
  timestamp: new Date().toISOString(),
  body,
});

describe("GET /api/public/metrics", () => {
  let t: Awaited<ReturnType<typeof newTenant>>;
  let readKey: string;
  let ingestKey: string;
  beforeAll(async () => {
    t = await newTenant("metrics");
    readKey = (await t.owner.caller.apiKeys.create({ projectId: t.project.id, name: "r", scopes: ["read"] })).secret;
    ingestKey = (await t.owner.caller.apiKeys.create({ projectId: t.project.id, name: "i", scopes: ["ingest"] }))
      .secret;
    const now = Date.now() - 60_000;
    const batch = [];
    for (let i = 0; i < 10; i++) {
      const ts = new Date(now - i * 1000).toISOString();
      batch.push(
        ev("trace-create", { id: `m-${i}`, timestamp: ts, release: "r1", environment: "production" }),
        ev("generation-create", {
          traceId: `m-${i}`,
          model: "m1",
          startTime: ts,
          endTime: new Date(Date.parse(ts) + 200 * (i + 1)).toISOString(),
          usage: { input: 10, output: 5 },
          cost: { total: 0.5 },
        }),
        ev("feedback-create", { traceId: `m-${i}`, thumbs: i < 7 ? "up" : "down" }),
      );
    }
    const res = await ingestEvents({ id: "k", projectId: t.project.id, scopes: ["ingest"] }, { batch });
    expect(res.errors).toEqual([]);
  });

  const get = (key: string, qs = "") =>
    routeHandler(publicRoutes.metricsRoute)(
      new Request(`http://x/api/public/metrics${qs}`, { headers: { authorization: `Bearer ${key}` } }),
    );

  it("answers Prometheus text with the project's counters and latency quantiles", async () => {
    const res = await get(readKey);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0.0.4/);
    const text = await res.text();
    expect(text).toContain('yardstick_generations_total{model="m1",environment="production",release="r1"} 10');
    expect(text).toContain('yardstick_cost_usd_total{model="m1",environment="production",release="r1"} 5');
    expect(text).toContain('yardstick_feedback_total{environment="production",release="r1",vote="up"} 7');
    expect(text).toContain('yardstick_tokens_total{model="m1",environment="production",release="r1",kind="input"} 100');
    const p99 = Number(/yardstick_generation_latency_seconds\{model="m1",quantile="0.99"\} ([\d.]+)/.exec(text)?.[1]);
    expect(Math.abs(p99 - 2) / 2).toBeLessThan(0.01);
    expect(text).toMatch(/# TYPE yardstick_traces_total counter/);
  });

  it("needs the read scope and rejects an unknown window", async () => {
    expect((await get(ingestKey)).status).toBe(403);
    expect((await get(readKey, "?window=2d")).status).toBe(400);
  });
});
