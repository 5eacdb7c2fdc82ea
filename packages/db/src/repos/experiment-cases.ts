import type { DatasetPartition, ExperimentRunStatus } from "../generated/prisma/enums";
import { getDb, getPool } from "../client";

// Case results of experiment runs and the output cache. Results arrive in batches and are
// inserted with ON CONFLICT DO NOTHING in the same statement that bumps the run's counters, so a
// case processed twice (a retried chunk) is stored and counted once. Reads for aggregation skip
// outputs and reasoning and page by key, so memory stays flat however large the run.

export type TCaseResultInput = {
  arm: number;
  itemKey: string;
  repeat: number;
  partition: DatasetPartition;
  input: unknown;
  expectedOutput: string | null;
  output: string | null;
  latencyMs: number | null;
  inputTokens: number;
  outputTokens: number;
  costUsd: number | null;
  graderCostUsd: number | null;
  cached: boolean;
  error: string | null;
  graderResults: unknown[];
  passed: boolean;
};

/** Inserts new cases, adds them to the run's counters; returns how many were new and the run's status. */
export async function insertCaseResults(runId: string, rows: TCaseResultInput[]) {
  if (!rows.length) return { inserted: 0, status: null as ExperimentRunStatus | null };
  const col = <T>(f: (r: TCaseResultInput) => T) => rows.map(f);
  const { rows: out } = await getPool().query<{ status: ExperimentRunStatus; n: number }>(
    `WITH ins AS (
       INSERT INTO "ExperimentCaseResult"
         ("runId", arm, "itemKey", repeat, partition, input, "expectedOutput", output, "latencyMs", "inputTokens",
          "outputTokens", "costUsd", "graderCostUsd", cached, error, "graderResults", passed)
       SELECT $1, v.arm, v.key, v.rep, v.part::"DatasetPartition", v.input::jsonb, v.expected, v.output, v.latency,
              v.itok, v.otok, v.cost, v.gcost, v.cached, v.error, v.grades::jsonb, v.passed
         FROM unnest($2::int[], $3::text[], $4::int[], $5::text[], $6::text[], $7::text[], $8::text[], $9::int[],
                     $10::int[], $11::int[], $12::float8[], $13::float8[], $14::bool[], $15::text[], $16::text[], $17::bool[])
           AS v(arm, key, rep, part, input, expected, output, latency, itok, otok, cost, gcost, cached, error, grades, passed)
       ON CONFLICT DO NOTHING
       RETURNING "inputTokens", "outputTokens", "costUsd", "graderCostUsd", cached, error
     ), s AS (
       SELECT count(*)::int AS n,
              count(*) FILTER (WHERE error IS NOT NULL)::int AS errors,
              count(*) FILTER (WHERE cached)::int AS cached,
              coalesce(sum("inputTokens"), 0)::bigint AS itok,
              coalesce(sum("outputTokens"), 0)::bigint AS otok,
              coalesce(sum(coalesce("costUsd", 0) + coalesce("graderCostUsd", 0)), 0)::float8 AS cost,
              count(*) FILTER (WHERE error IS NULL AND ("costUsd" IS NULL OR "graderCostUsd" IS NULL))::int AS unpriced
         FROM ins
     )
     UPDATE "ExperimentRun" r
        SET "doneCases" = r."doneCases" + s.n, "errorCases" = r."errorCases" + s.errors,
            "cachedCases" = r."cachedCases" + s.cached, "inputTokens" = r."inputTokens" + s.itok,
            "outputTokens" = r."outputTokens" + s.otok, "costUsd" = r."costUsd" + s.cost,
            "unpricedCases" = r."unpricedCases" + s.unpriced
       FROM s WHERE r.id = $1
     RETURNING r.status, s.n`,
    [
      runId,
      col((r) => r.arm),
      col((r) => r.itemKey),
      col((r) => r.repeat),
      col((r) => r.partition),
      col((r) => JSON.stringify(r.input ?? null)),
      col((r) => r.expectedOutput),
      col((r) => r.output),
      col((r) => r.latencyMs),
      col((r) => r.inputTokens),
      col((r) => r.outputTokens),
      col((r) => r.costUsd),
      col((r) => r.graderCostUsd),
      col((r) => r.cached),
      col((r) => r.error),
      col((r) => JSON.stringify(r.graderResults)),
      col((r) => r.passed),
    ],
  );
  return { inserted: out[0]?.n ?? 0, status: out[0]?.status ?? null };
}

/** "arm|repeat|itemKey" of the cases of `itemKeys` already stored. */
export async function listStoredCaseKeys(runId: string, itemKeys: string[]): Promise<Set<string>> {
  if (!itemKeys.length) return new Set();
  const { rows } = await getPool().query<{ arm: number; repeat: number; itemKey: string }>(
    `SELECT arm, repeat, "itemKey" FROM "ExperimentCaseResult" WHERE "runId" = $1 AND "itemKey" = ANY($2::text[])`,
    [runId, itemKeys],
  );
  return new Set(rows.map((r) => `${r.arm}|${r.repeat}|${r.itemKey}`));
}

export type TCaseNumbers = {
  arm: number;
  itemKey: string;
  repeat: number;
  partition: DatasetPartition;
  errored: boolean;
  cached: boolean;
  latencyMs: number | null;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  passed: boolean;
  grades: { graderId: string; score: number | null; passed: boolean }[];
};

/**
 * The numbers of a run's cases (no outputs, no reasoning), `pageSize` rows at a time in key
 * order: what aggregation and comparison read.
 */
export async function* iterateCaseNumbers(runId: string, opts: { arm?: number; pageSize?: number } = {}) {
  const pageSize = opts.pageSize ?? 2000;
  let after: [number, string, number] = [-1, "", -1];
  for (;;) {
    const { rows } = await getPool().query<TCaseNumbers>(
      `SELECT arm, "itemKey", repeat, partition, error IS NOT NULL AS errored, cached, "latencyMs", "inputTokens",
              "outputTokens", (coalesce("costUsd", 0) + coalesce("graderCostUsd", 0))::float8 AS "costUsd", passed,
              (SELECT coalesce(jsonb_agg(jsonb_build_object('graderId', g->'graderId', 'score', g->'score', 'passed', g->'passed')
                                         ORDER BY o), '[]'::jsonb)
                 FROM jsonb_array_elements("graderResults") WITH ORDINALITY AS t(g, o)) AS grades
         FROM "ExperimentCaseResult"
        WHERE "runId" = $1 AND (arm, "itemKey", repeat) > ($2::int, $3::text, $4::int) AND ($5::int IS NULL OR arm = $5::int)
        ORDER BY arm, "itemKey", repeat
        LIMIT $6`,
      [runId, after[0], after[1], after[2], opts.arm ?? null, pageSize],
    );
    for (const r of rows) yield r;
    if (rows.length < pageSize) return;
    const last = rows[rows.length - 1]!;
    after = [last.arm, last.itemKey, last.repeat];
  }
}

const CASE_SELECT = {
  arm: true,
  itemKey: true,
  repeat: true,
  partition: true,
  input: true,
  expectedOutput: true,
  output: true,
  latencyMs: true,
  inputTokens: true,
  outputTokens: true,
  costUsd: true,
  graderCostUsd: true,
  cached: true,
  error: true,
  graderResults: true,
  passed: true,
  createdAt: true,
} as const;

/** One page of full case rows (outputs included), in (arm, itemKey, repeat) order after `cursor`. */
export async function listCaseResultRows(
  runId: string,
  opts: {
    failuresOnly: boolean;
    arm?: number;
    limit: number;
    after?: { arm: number; itemKey: string; repeat: number };
  },
) {
  const a = opts.after;
  return getDb().experimentCaseResult.findMany({
    where: {
      runId,
      ...(opts.failuresOnly && { passed: false }),
      ...(opts.arm !== undefined && { arm: opts.arm }),
      ...(a && {
        OR: [
          { arm: { gt: a.arm } },
          { arm: a.arm, itemKey: { gt: a.itemKey } },
          { arm: a.arm, itemKey: a.itemKey, repeat: { gt: a.repeat } },
        ],
      }),
    },
    orderBy: [{ arm: "asc" }, { itemKey: "asc" }, { repeat: "asc" }],
    take: opts.limit,
    select: CASE_SELECT,
  });
}

/** Every arm and repeat of one item of a run. */
export async function listItemCaseRows(runId: string, itemKey: string) {
  return getDb().experimentCaseResult.findMany({
    where: { runId, itemKey },
    orderBy: [{ arm: "asc" }, { repeat: "asc" }],
    select: CASE_SELECT,
  });
}

// ───────────── output cache ─────────────

export async function findCacheEntries(projectId: string, hashes: string[]): Promise<Map<string, unknown>> {
  if (!hashes.length) return new Map();
  const { rows } = await getPool().query<{ hash: string; payload: unknown }>(
    `SELECT hash, payload FROM "ExperimentOutputCache" WHERE "projectId" = $1 AND hash = ANY($2::text[])`,
    [projectId, [...new Set(hashes)]],
  );
  return new Map(rows.map((r) => [r.hash, r.payload]));
}

/** First write wins: two runs filling the same key concurrently keep one value. */
export async function insertCacheEntries(
  projectId: string,
  entries: { hash: string; kind: string; payload: unknown }[],
) {
  if (!entries.length) return;
  await getPool().query(
    `INSERT INTO "ExperimentOutputCache" ("projectId", hash, kind, payload)
     SELECT $1, v.hash, v.kind, v.payload::jsonb FROM unnest($2::text[], $3::text[], $4::text[]) AS v(hash, kind, payload)
     ON CONFLICT DO NOTHING`,
    [projectId, entries.map((e) => e.hash), entries.map((e) => e.kind), entries.map((e) => JSON.stringify(e.payload))],
  );
}
