// Model prices: match patterns are user regexes run against client-sent model names, so they must
// never block the process (RE2, linear time) and what RE2 cannot run is refused when saved.
import { randomUUID } from "node:crypto";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { getDb, insertModelPrice } from "@yardstick/db";
import { invalidateProjectPrices } from "@yardstick/server/services/ingestion";
import { expectTrpcError, newTenant } from "./helpers";
import { ev, post } from "./ingest-fixtures";

const PRICE = { modelName: "evil", inputPer1M: 1, outputPer1M: 2, effectiveFrom: new Date("2026-01-01") };
// (a|a)*$ backtracks 2^n ways on n a's before the "!": with RegExp this name froze ingest ~10 s.
const EVIL_MODEL = "a".repeat(28) + "!";

async function genCost(projectId: string, id: string) {
  const [row] = await getDb().$queryRaw<Array<{ totalCost: number | null; costSource: string | null }>>`
    SELECT "totalCost", "costSource" FROM "Observation" WHERE "projectId" = ${projectId} AND id = ${id}`;
  return row;
}

describe("model prices", () => {
  let t: Awaited<ReturnType<typeof newTenant>>;
  let projectId: string;
  let ingestKey: string;
  beforeAll(async () => {
    t = await newTenant("prices");
    projectId = t.project.id;
    ingestKey = (await t.owner.caller.apiKeys.create({ projectId, name: "i", scopes: ["ingest"] })).secret;
  });
  afterEach(() => vi.restoreAllMocks());

  const generation = (model: string) => {
    const id = randomUUID();
    const traceId = randomUUID();
    return {
      id,
      batch: [
        ev("trace-create", { id: traceId }),
        ev("generation-create", {
          id,
          traceId,
          model,
          startTime: "2026-11-20T10:00:00.000Z",
          usage: { input: 1_000_000, output: 0 },
        }),
      ],
    };
  };

  it("a lookahead or backreference is BAD_REQUEST naming the match pattern; nothing is saved", async () => {
    for (const [matchPattern, why] of [
      ["^claude(?=-sonnet)", /^Match pattern: lookahead .* not supported/],
      ["^(?<!x)gpt", /^Match pattern: lookbehind .* not supported/],
      ["^(claude)-\\1$", /^Match pattern: backreferences .* not supported/],
    ] as const) {
      const err = await expectTrpcError(
        t.owner.caller.modelPrices.create({ projectId, ...PRICE, matchPattern }),
        "BAD_REQUEST",
      );
      expect(err.cause).toBeInstanceOf(z.ZodError);
      const fields = z.flattenError(err.cause as z.ZodError).fieldErrors as Record<string, string[]>;
      expect(Object.keys(fields)).toEqual(["matchPattern"]);
      expect(fields.matchPattern![0]).toMatch(why);
    }
    const invalid = await expectTrpcError(
      t.owner.caller.modelPrices.create({ projectId, ...PRICE, matchPattern: "^(gpt" }),
      "BAD_REQUEST",
    );
    expect(z.flattenError(invalid.cause as z.ZodError).fieldErrors).toEqual({
      matchPattern: ["Not a valid regular expression"],
    });
    expect((await t.owner.caller.modelPrices.list({ projectId })).project).toEqual([]);
  });

  it("an evil pattern saves, and ingest and preview with a long model name answer at once without blocking the event loop", async () => {
    const saved = await t.owner.caller.modelPrices.create({ projectId, ...PRICE, matchPattern: "(a|a)*$" });
    expect(saved.matchPattern).toBe("(a|a)*$");

    // Warm up (first-request module and pool set-up stalls the loop too), then watch the loop: a
    // health check waits behind any synchronous work, so its worst stall is what one would see.
    await post(ingestKey, { batch: generation("warm-up").batch });
    const lag = monitorEventLoopDelay({ resolution: 10 });
    lag.enable();
    const t0 = performance.now();
    const g = generation(EVIL_MODEL);
    const res = await post(ingestKey, { batch: g.batch });
    const preview = await t.owner.caller.modelPrices.preview({ projectId, model: EVIL_MODEL, inputTokens: 1_000_000 });
    const elapsed = performance.now() - t0;
    lag.disable();

    expect(res.status).toBe(207);
    expect((await res.json()).errors).toEqual([]);
    expect(await genCost(projectId, g.id)).toEqual({ totalCost: 1, costSource: "computed" }); // the evil row matched
    expect(preview).toMatchObject({ matched: { modelName: "evil", source: "project" }, cost: { totalCost: 1 } });
    expect(elapsed).toBeLessThan(5_000);
    expect(lag.max / 1e6).toBeLessThan(1_000);
  });

  it("a stored pattern RE2 cannot run (saved before this check) matches nothing, is logged once, and ingest goes on", async () => {
    const other = await newTenant("prices-legacy");
    const pid = other.project.id;
    const key = (await other.owner.caller.apiKeys.create({ projectId: pid, name: "i", scopes: ["ingest"] })).secret;
    const legacy = await insertModelPrice({
      projectId: pid,
      ...PRICE,
      modelName: "legacy",
      matchPattern: "^claude(?=-sonnet)",
      cacheReadPer1M: null,
      cacheWritePer1M: null,
    });
    invalidateProjectPrices(pid);
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});

    for (let i = 0; i < 2; i++) {
      invalidateProjectPrices(pid); // reload the rows each time: still one warning
      const g = generation("claude-sonnet-4-6");
      const res = await post(key, { batch: g.batch });
      expect(res.status).toBe(207);
      expect((await res.json()).errors).toEqual([]);
      expect(await genCost(pid, g.id)).toEqual({ totalCost: 3, costSource: "computed" }); // the default price, $3/M in
    }
    const mine = warn.mock.calls.filter((c) => String(c[0]).includes(legacy.id));
    expect(mine).toHaveLength(1);
    expect(mine[0]![0]).toMatch(/match pattern "\^claude\(\?=-sonnet\)" matches nothing: lookahead/);
    expect(await other.owner.caller.modelPrices.preview({ projectId: pid, model: "claude-sonnet-4-6" })).toMatchObject({
      matched: { modelName: "claude-sonnet-4-6", source: "default" },
    });
  });
});
