import { randomUUID } from "node:crypto";
import { InngestTestEngine } from "@inngest/test";
import { describe, expect, it } from "vitest";
import { getDb } from "@yardstick/db";
import { ingestEvents } from "@yardstick/server/services/ingestion";
import { createProject } from "@yardstick/server/services/projects";
import { setTraceRetention } from "@yardstick/server/services/trace-retention";
import { traceRetentionFn } from "../src/functions/trace-retention.cron";

// The cron function end to end on the real database: its steps are not mocked, so they run the
// service against Postgres. One step per project with a retention setting.

const DAY = 86_400_000;
const count = async (projectId: string, prefix: string) =>
  (
    await getDb().$queryRawUnsafe<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM "Trace" WHERE "projectId" = $1 AND id LIKE $2`,
      projectId,
      `${prefix}%`,
    )
  )[0]!.n;

async function project(name: string) {
  const org = await getDb().organization.create({ data: { name: `${name} org` }, select: { id: true } });
  return createProject(org.id, name);
}

describe("trace-retention cron", () => {
  it("purges each project with a setting, and only its expired traces", async () => {
    const kept = await project("no-setting");
    const purged = await project("thirty-days");
    await setTraceRetention(purged.id, 30);
    const traces = (prefix: string, ageDays: number) =>
      Array.from({ length: 3 }, (_, i) => {
        const at = new Date(Date.now() - ageDays * DAY - i * 1000).toISOString();
        return { id: randomUUID(), type: "trace-create", timestamp: at, body: { id: `${prefix}-${i}`, timestamp: at } };
      });
    for (const p of [kept, purged]) {
      const res = await ingestEvents(
        { id: "k", projectId: p.id, scopes: ["ingest"] },
        { batch: [...traces("old", 40), ...traces("new", 1)] },
      );
      expect(res.errors).toEqual([]);
    }
    const { result, ctx } = await new InngestTestEngine({ function: traceRetentionFn }).execute();
    const ids = ctx.step.run.mock.calls.map((c: unknown[]) => c[0]);
    expect(ids).toContain(`purge-${purged.id}`);
    expect(ids).not.toContain(`purge-${kept.id}`);
    const mine = (result as { purged: Array<{ projectId: string; traces: number }> }).purged.find(
      (p) => p.projectId === purged.id,
    );
    expect(mine).toMatchObject({ traces: 3, done: true });
    expect(await count(purged.id, "old-")).toBe(0);
    expect(await count(purged.id, "new-")).toBe(3);
    expect(await count(kept.id, "old-")).toBe(3);
  });
});
