import { getPool } from "../client";
import {
  ASSIGN_USER_NUMBERS,
  DAILY_TABLES,
  GENERATION_HOUR_COLS,
  LATENCY_HOUR_COLS,
  SCORE_HOUR_COLS,
  SCORE_TOTAL_HOUR_COLS,
  TRACE_HOUR_COLS,
  USER_DAY_COLS,
  dailyRollupInsert,
  generationHourCte,
  latencyHourCte,
  scoreHourCte,
  scoreTotalHourCte,
  traceBaseCte,
  traceHourCte,
  userBitsInsert,
  userDayCte,
} from "./dashboard-sql";

// Rebuilds roll-ups of dirty hours from raw rows (see prisma/schema/dashboards.prisma). A day's
// dirty hours are rebuilt in one transaction: delete the marks first (those committed: a writer
// still in flight keeps its mark, so its rows are rebuilt by a later pass), then per table one
// DELETE and one INSERT … SELECT over those hours, then the day's distinct users, then the daily
// pre-merged tables from all of the day's hourly rows and the day's user bitmaps.

const HOUR_MS = 3600_000;
const DAY_MS = 24 * HOUR_MS;
const hourFilter = `AND date_trunc('hour', t."timestamp") = ANY($4::timestamp[])`;

async function rebuildDay(projectId: string, day: Date, hours: Date[]): Promise<void> {
  const c = await getPool().connect();
  let broken: Error | undefined;
  try {
    await c.query("BEGIN");
    // One rebuild of a day at a time: two would race on the same keys.
    await c.query(`SELECT pg_advisory_xact_lock(hashtext('yardstick-rollup'), hashtext($1 || $2))`, [
      projectId,
      day.toISOString(),
    ]);
    await c.query(`DELETE FROM "RollupDirtyHour" WHERE "projectId" = $1 AND hour = ANY($2::timestamp[])`, [
      projectId,
      hours,
    ]);
    const from = new Date(Math.min(...hours.map((h) => h.getTime())));
    const to = new Date(Math.max(...hours.map((h) => h.getTime())) + HOUR_MS);
    const args = [projectId, from, to, hours];
    for (const [table, cols, cte, name] of [
      ["DashboardTraceHour", TRACE_HOUR_COLS, traceHourCte(), "th"],
      ["DashboardGenerationHour", GENERATION_HOUR_COLS, generationHourCte(), "gh"],
      ["DashboardScoreHour", SCORE_HOUR_COLS, scoreHourCte(), "shx"],
      ["DashboardScoreTotalHour", SCORE_TOTAL_HOUR_COLS, `${scoreHourCte()}, ${scoreTotalHourCte()}`, "sta"],
      ["DashboardLatencyHour", LATENCY_HOUR_COLS, `${generationHourCte()}, ${latencyHourCte()}`, "lha"],
    ] as const) {
      await c.query(`DELETE FROM "${table}" WHERE "projectId" = $1 AND hour = ANY($2::timestamp[])`, [
        projectId,
        hours,
      ]);
      await c.query(
        `INSERT INTO "${table}" (${cols}) WITH ${traceBaseCte(hourFilter)}, ${cte} SELECT ${cols} FROM ${name}`,
        args,
      );
    }
    await c.query(`DELETE FROM "DashboardUserDay" WHERE "projectId" = $1 AND day = $2`, [projectId, day]);
    await c.query(
      `INSERT INTO "DashboardUserDay" (${USER_DAY_COLS}) WITH ${traceBaseCte()}, ${userDayCte()} SELECT ${USER_DAY_COLS} FROM ud`,
      [projectId, day, new Date(day.getTime() + DAY_MS)],
    );
    await c.query(`DELETE FROM "DashboardUserTotalDay" WHERE "projectId" = $1 AND day = $2`, [projectId, day]);
    await c.query(
      `INSERT INTO "DashboardUserTotalDay" ("projectId", day, users, traces)
       SELECT $1, $2, count(DISTINCT "userId")::int, COALESCE(sum(traces), 0)::int
         FROM "DashboardUserDay" WHERE "projectId" = $1 AND day = $2 HAVING count(*) > 0`,
      [projectId, day],
    );
    // The day's user bitmaps; new users get numbers under the project's lock (days rebuild concurrently).
    await c.query(`DELETE FROM "DashboardUserBitsDay" WHERE "projectId" = $1 AND day = $2`, [projectId, day]);
    await c.query(`SELECT pg_advisory_xact_lock(hashtext('yardstick-user-number'), hashtext($1))`, [projectId]);
    await c.query(ASSIGN_USER_NUMBERS, [projectId, day]);
    await c.query(userBitsInsert(), [projectId, day]);
    for (const t of DAILY_TABLES) {
      await c.query(`DELETE FROM "${t.day}" WHERE "projectId" = $1 AND day = $2`, [projectId, day]);
      await c.query(dailyRollupInsert(t), [projectId, day, new Date(day.getTime() + DAY_MS)]);
    }
    await c.query("COMMIT");
  } catch (err) {
    broken = err as Error;
    await c.query("ROLLBACK").catch(() => {});
    throw err;
  } finally {
    c.release(broken);
  }
}

const dayOf = (h: Date) => new Date(Math.floor(h.getTime() / DAY_MS) * DAY_MS);

/**
 * Rebuilds dirty hours, oldest first, at most `limit` hours per call; optionally one project and a
 * time window only. Returns how many hours were rebuilt. Marks of deleted projects are dropped.
 */
export async function rebuildDirtyRollups(
  opts: { projectId?: string; from?: Date; to?: Date; limit?: number } = {},
): Promise<number> {
  const pool = getPool();
  await pool.query(
    `DELETE FROM "RollupDirtyHour" d WHERE NOT EXISTS (SELECT 1 FROM "Project" p WHERE p.id = d."projectId")`,
  );
  const { rows } = await pool.query<{ projectId: string; hour: Date }>(
    `SELECT DISTINCT "projectId", hour FROM "RollupDirtyHour"
      WHERE ($1::text IS NULL OR "projectId" = $1) AND ($2::timestamp IS NULL OR hour >= $2) AND ($3::timestamp IS NULL OR hour < $3)
      ORDER BY hour LIMIT $4`,
    [opts.projectId ?? null, opts.from ?? null, opts.to ?? null, opts.limit ?? 10_000],
  );
  const groups = new Map<string, { projectId: string; day: Date; hours: Date[] }>();
  for (const r of rows) {
    const day = dayOf(r.hour);
    const key = `${r.projectId} ${day.toISOString()}`;
    const g = groups.get(key) ?? { projectId: r.projectId, day, hours: [] };
    g.hours.push(r.hour);
    groups.set(key, g);
  }
  for (const g of groups.values()) await rebuildDay(g.projectId, g.day, g.hours);
  return rows.length;
}

/** How many dirty hours a project has in a window (a dashboard read rebuilds them first when few). */
export async function countDirtyHours(projectId: string, from: Date, to: Date): Promise<number> {
  const { rows } = await getPool().query<{ n: number }>(
    `SELECT count(DISTINCT hour)::int AS n FROM "RollupDirtyHour" WHERE "projectId" = $1 AND hour >= $2 AND hour < $3`,
    [projectId, from, to],
  );
  return rows[0]!.n;
}

/** Drops a project's roll-ups and marks every hour that has traces dirty (admin rebuild). */
export async function markAllRollupsDirty(projectId: string): Promise<number> {
  const c = await getPool().connect();
  try {
    await c.query("BEGIN");
    for (const t of [
      "DashboardTraceHour",
      "DashboardGenerationHour",
      "DashboardScoreHour",
      "DashboardLatencyHour",
      "DashboardScoreTotalHour",
      "DashboardUserDay",
      "DashboardUserTotalDay",
      ...DAILY_TABLES.map((t) => t.day),
      "DashboardUserBitsDay",
    ]) {
      await c.query(`DELETE FROM "${t}" WHERE "projectId" = $1`, [projectId]);
    }
    const { rowCount } = await c.query(
      `INSERT INTO "RollupDirtyHour" ("projectId", hour)
       SELECT DISTINCT $1, date_trunc('hour', "timestamp") FROM "Trace" WHERE "projectId" = $1`,
      [projectId],
    );
    await c.query("COMMIT");
    return rowCount ?? 0;
  } catch (err) {
    await c.query("ROLLBACK").catch(() => {});
    throw err;
  } finally {
    c.release();
  }
}
