import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { exactQuantile } from "@yardstick/core/dashboards";
import { ingestEvents } from "@yardstick/server/services/ingestion";
import { addMember, expectTrpcError, newTenant } from "./helpers";

// A known data set through the real ingest path; every panel is checked against numbers computed
// here directly from the events, including after a late update to a generation.

const DAY = 86_400_000;
const D0 = Math.floor(Date.now() / DAY) * DAY - 3 * DAY;
const N = 120;
const ev = (type: string, body: Record<string, unknown>) => ({
  id: randomUUID(),
  type,
  timestamp: new Date().toISOString(),
  body,
});

type TRow = {
  id: string;
  day: number;
  ts: number;
  release: string;
  model: string;
  prompt: string;
  latency: number;
  cost: number;
  input: number;
  output: number;
  cacheRead: number;
  error: boolean;
  user: string;
  help: number;
  safety: number;
  thumbs: "up" | "down";
  rating?: number;
  tags: string[];
};

const rows: TRow[] = Array.from({ length: N }, (_, i) => ({
  id: `t-${i}`,
  day: i % 3,
  ts: D0 + (i % 3) * DAY + ((i * 7) % 24) * 3600_000 + i * 1000,
  release: i % 2 ? "v1" : "v2",
  model: i % 3 === 0 ? "model-a" : "model-b",
  prompt: i % 4 < 2 ? "qa@1" : "qa@2",
  latency: 100 + ((i * 37) % 900),
  cost: 0.001 * ((i % 10) + 1),
  input: 100 + i,
  output: 10 + i,
  cacheRead: i % 5,
  error: i % 10 === 0,
  user: `u${i % 7}`,
  help: (i % 5) / 4,
  safety: i % 20 === 0 ? 0 : 1,
  thumbs: i % 3 ? "up" : "down",
  rating: i % 2 === 0 ? (i % 5) + 1 : undefined,
  tags: i % 4 === 0 ? ["vip"] : [],
}));

function events(r: TRow) {
  const start = new Date(r.ts).toISOString();
  return [
    ev("trace-create", {
      id: r.id,
      timestamp: start,
      name: "chat",
      userId: r.user,
      release: r.release,
      environment: "production",
      tags: r.tags,
    }),
    ev("generation-create", {
      id: `g-${r.id}`,
      traceId: r.id,
      model: r.model,
      startTime: start,
      endTime: new Date(r.ts + r.latency).toISOString(),
      usage: { input: r.input, output: r.output, cacheRead: r.cacheRead },
      cost: { total: r.cost },
      level: r.error ? "ERROR" : undefined,
      promptName: "qa",
      promptVersion: Number(r.prompt.split("@")[1]),
    }),
    ev("score-create", { traceId: r.id, name: "helpfulness", value: r.help }),
    ev("score-create", { traceId: r.id, name: "safety", value: r.safety }),
    ev("feedback-create", { traceId: r.id, thumbs: r.thumbs, ...(r.rating ? { rating: r.rating } : {}) }),
  ];
}

const close = (a: number | null | undefined, b: number, rel = 1e-9) =>
  expect(Math.abs((a ?? NaN) - b)).toBeLessThanOrEqual(Math.abs(b) * rel + 1e-9);

function expectedDay(set: TRow[], day: number) {
  const d = set.filter((r) => r.day === day);
  const lat = d.map((r) => r.latency).sort((a, b) => a - b);
  const helps = d.map((r) => r.help);
  return {
    traces: d.length,
    cost: d.reduce((a, r) => a + r.cost, 0),
    errors: d.filter((r) => r.error).length,
    successes: d.filter((r) => !r.error && r.thumbs === "up").length,
    up: d.filter((r) => r.thumbs === "up").length,
    down: d.filter((r) => r.thumbs === "down").length,
    input: d.reduce((a, r) => a + r.input, 0),
    output: d.reduce((a, r) => a + r.output, 0),
    cacheRead: d.reduce((a, r) => a + r.cacheRead, 0),
    p50: exactQuantile(lat, 0.5)!,
    p95: exactQuantile(lat, 0.95)!,
    p99: exactQuantile(lat, 0.99)!,
    helpMean: helps.reduce((a, x) => a + x, 0) / helps.length,
    helpBelow: helps.filter((x) => x < 0.5).length / helps.length,
    violations: d.filter((r) => r.safety < 0.5).length,
    users: new Set(d.map((r) => r.user)).size,
    byModel: Object.fromEntries(
      ["model-a", "model-b"].map((m) => [m, d.filter((r) => r.model === m).reduce((a, r) => a + r.cost, 0)]),
    ),
  };
}

describe("dashboards", () => {
  let t: Awaited<ReturnType<typeof newTenant>>;
  const query = { range: "custom" as const, from: new Date(D0), to: new Date(D0 + 3 * DAY) };
  beforeAll(async () => {
    t = await newTenant("dash");
    const key = { id: "k", projectId: t.project.id, scopes: ["ingest" as const] };
    const all = rows.flatMap(events);
    for (let i = 0; i < all.length; i += 100) {
      const res = await ingestEvents(key, { batch: all.slice(i, i + 100) });
      expect(res.errors).toEqual([]);
    }
  });

  const check = (p: Awaited<ReturnType<typeof t.owner.caller.dashboards.get>>["panels"], set: TRow[]) => {
    expect(p.buckets).toHaveLength(3);
    for (let day = 0; day < 3; day++) {
      const e = expectedDay(set, day);
      const cost = p.cost[day]!;
      close(cost.total as number, e.cost);
      close(cost["model-a"] as number, e.byModel["model-a"]!);
      close(cost["model-b"] as number, e.byModel["model-b"]!);
      expect(cost.traces).toBe(e.traces);
      if (e.successes) close(cost.costPerSuccess as number, e.cost / e.successes);
      else expect(cost.costPerSuccess).toBeNull();
      expect(p.tokens[day]).toMatchObject({ input: e.input, output: e.output, cacheRead: e.cacheRead, cacheWrite: 0 });
      for (const q of ["p50", "p95", "p99"] as const) {
        close(p.latency.traces[day]![q], e[q], 0.01);
        close(p.latency.generations[day]![q], e[q], 0.01);
      }
      expect(p.latency.traces[day]!.lowSample).toBe(e.traces < 30);
      const help = p.quality.find((s) => s.scoreName === "helpfulness")!.points[day]!;
      expect(help.n).toBe(e.traces);
      close(help.mean, e.helpMean);
      close(help.belowShare, e.helpBelow);
      expect(help.lower!).toBeLessThan(help.mean!);
      expect(p.feedback[day]).toMatchObject({ up: e.up, down: e.down, n: e.up + e.down });
      close(p.feedback[day]!.rate, e.up / (e.up + e.down));
      expect(p.errors[day]).toMatchObject({ traces: e.traces, errors: e.errors, safetyViolations: e.violations });
      close(p.errors[day]!.safetyPer1000, (e.violations / e.traces) * 1000);
      expect(p.usage[day]).toMatchObject({ traces: e.traces, users: e.users });
    }
    const rated = set.filter((r) => r.rating);
    expect(p.ratings.n).toBe(rated.length);
    if (rated.length) close(p.ratings.mean, rated.reduce((a, r) => a + r.rating!, 0) / rated.length);
    else expect(p.ratings.mean).toBeNull();
    expect(p.hourOfDay.reduce((a, h) => a + h.traces, 0)).toBe(set.length);
  };

  it("every panel matches a direct computation over the events", async () => {
    const d = await t.owner.caller.dashboards.get({ projectId: t.project.id, query });
    expect(d.source).toBe("rollup");
    expect(d.stale).toBe(false);
    check(d.panels, rows);
    expect(d.panels.topPrompts.map((x) => `${x.promptName}@${x.promptVersion}`).sort()).toEqual(["qa@1", "qa@2"]);
  });

  it("filters by release and model from roll-ups, and by tag and user from raw rows", async () => {
    const v1 = await t.owner.caller.dashboards.get({
      projectId: t.project.id,
      query: { ...query, filters: { release: "v1" } },
    });
    check(
      v1.panels,
      rows.filter((r) => r.release === "v1"),
    );
    const vip = await t.owner.caller.dashboards.get({
      projectId: t.project.id,
      query: { ...query, filters: { tags: ["vip"] } },
    });
    expect(vip.source).toBe("raw");
    check(
      vip.panels,
      rows.filter((r) => r.tags.includes("vip")),
    );
    const u3 = await t.owner.caller.dashboards.get({
      projectId: t.project.id,
      query: { ...query, filters: { userId: "u3" } },
    });
    expect(u3.panels.totals.traces).toBe(rows.filter((r) => r.user === "u3").length);
  });

  it("roll-ups and raw rows give identical panels", async () => {
    const { getDashboard } = await import("@yardstick/server/services/dashboards");
    const a = await getDashboard(t.project.id, query, { source: "rollup" });
    const b = await getDashboard(t.project.id, query, { source: "raw" });
    // the same rows summed in another order: equal up to float rounding
    const round = (v: unknown): unknown =>
      typeof v === "number"
        ? Number(v.toPrecision(10))
        : Array.isArray(v)
          ? v.map(round)
          : v && typeof v === "object"
            ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, round(x)]))
            : v;
    expect(round(b.panels)).toEqual(round(a.panels));
  });

  it("compares two releases and two prompt versions side by side", async () => {
    const d = await t.owner.caller.dashboards.get({
      projectId: t.project.id,
      query: { ...query, compare: { dimension: "release", a: "v1", b: "v2" } },
    });
    expect(d.compare!.a.panels.totals.traces).toBe(rows.filter((r) => r.release === "v1").length);
    expect(d.compare!.b.panels.totals.traces).toBe(rows.filter((r) => r.release === "v2").length);
    const p = await t.owner.caller.dashboards.get({
      projectId: t.project.id,
      query: { ...query, compare: { dimension: "prompt", a: "qa@1", b: "qa@2" } },
    });
    expect(p.compare!.a.panels.totals.traces).toBe(rows.filter((r) => r.prompt === "qa@1").length);
    await expectTrpcError(
      t.owner.caller.dashboards.get({
        projectId: t.project.id,
        query: { ...query, compare: { dimension: "prompt", a: "qa", b: "qa@2" } },
      }),
      "BAD_REQUEST",
    );
  });

  it("a late update to a generation's latency and cost is reflected", async () => {
    const key = { id: "k", projectId: t.project.id, scopes: ["ingest" as const] };
    const r = rows[3]!; // day 0
    const res = await ingestEvents(key, {
      batch: [
        ev("generation-update", {
          id: `g-${r.id}`,
          traceId: r.id,
          endTime: new Date(r.ts + 60_000).toISOString(),
          cost: { total: 2.5 },
        }),
      ],
    });
    expect(res.errors).toEqual([]);
    const updated = rows.map((x) => (x.id === r.id ? { ...x, latency: 60_000, cost: 2.5 } : x));
    const d = await t.owner.caller.dashboards.get({ projectId: t.project.id, query });
    check(d.panels, updated);
    expect(d.panels.latency.traces[0]!.p99).toBeGreaterThan(59_000);
  });

  it("daily pre-merged roll-ups give the hourly-only path's panels (after a late update too)", async () => {
    const { getDashboard } = await import("@yardstick/server/services/dashboards");
    const round = (v: unknown): unknown =>
      typeof v === "number"
        ? Number(v.toPrecision(12))
        : Array.isArray(v)
          ? v.map(round)
          : v && typeof v === "object"
            ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, round(x)]))
            : v;
    const windows = [
      query,
      // a partial last day: whole days from the daily tables, the rest from the hourly ones
      { ...query, to: new Date(D0 + 2 * DAY + 13 * 3600_000) },
    ];
    const extras = [
      {},
      { filters: { release: "v1" } },
      { filters: { model: "model-b", promptName: "qa", promptVersion: 2 } },
      { compare: { dimension: "release" as const, a: "v1", b: "v2" } },
      { scoreThreshold: 0.3 },
    ];
    let nonEmpty = 0;
    for (const w of windows)
      for (const extra of extras) {
        const q = { ...w, ...extra };
        const daily = await getDashboard(t.project.id, q);
        const hourly = await getDashboard(t.project.id, q, { source: "rollup-hourly" });
        expect(daily.range.bucket).toBe("day");
        expect(round({ p: daily.panels, c: daily.compare })).toEqual(round({ p: hourly.panels, c: hourly.compare }));
        if (daily.panels.totals.traces) nonEmpty++;
      }
    expect(nonEmpty).toBe(windows.length * extras.length);
  });

  it("overview compares the last 7 days with the 7 before and reports setup progress", async () => {
    const o = await t.owner.caller.dashboards.overview({ projectId: t.project.id });
    expect(o.presence).toEqual({ traces: true, generations: true, scores: true, feedback: true });
    expect(o.headline.traces.value).toBe(N);
    expect(o.headline.traces.previous).toBe(0);
  });

  it("members read, only admins rebuild, other tenants see nothing", async () => {
    const viewer = await addMember(t, "VIEWER");
    const d = await viewer.caller.dashboards.get({ projectId: t.project.id, query });
    expect(d.panels.totals.traces).toBe(N);
    await expectTrpcError(viewer.caller.dashboards.rebuild({ projectId: t.project.id }), "FORBIDDEN");
    const other = await newTenant("dash-other");
    await expectTrpcError(other.owner.caller.dashboards.get({ projectId: t.project.id, query }), "NOT_FOUND");
    const rebuilt = await t.owner.caller.dashboards.rebuild({ projectId: t.project.id });
    expect(rebuilt.hours).toBeGreaterThan(0);
    const after = await t.owner.caller.dashboards.get({ projectId: t.project.id, query });
    expect(after.panels.totals.traces).toBe(N);
  });
});
