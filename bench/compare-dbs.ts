/**
 * Fingerprints the tracing tables of two bench databases (e.g. one load by BENCH_LOAD=ingest and
 * one by the fast loader, BENCH_KEEP_DB=1): per table a row count and an md5 over every column
 * except generated ids (observations, scores and feedback sent without one get a random id),
 * the project id and createdAt/updatedAt. Exits 1 when they differ. Usage:
 * tsx bench/compare-dbs.ts <database A> <database B>   (on BENCH_DATABASE_URL's server)
 */
import pg from "pg";

const SERVER =
  process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/postgres";
const CHECKS: Record<string, string> = {
  Trace: `SELECT count(*) AS n, md5(string_agg(concat_ws('|', id, "timestamp", name, "userId", "sessionId", release, version,
            environment, tags, metadata, input, output, "latencyMs", "totalCost", "inputTokens", "outputTokens",
            "observationCount", "hasError", models, prompts), E'\\n' ORDER BY id)) AS h FROM "Trace"`,
  Observation: `SELECT count(*) AS n, md5(string_agg(x, E'\\n' ORDER BY x)) AS h FROM (SELECT concat_ws('|',
            CASE WHEN id ~ '^[0-9a-f]{8}-' THEN '' ELSE id END, "traceId", type, "parentObservationId", name, "startTime",
            "endTime", "completionStartTime", level, "statusMessage", model, "modelParameters", input, output, metadata,
            "inputTokens", "outputTokens", "cacheReadTokens", "cacheWriteTokens", "totalTokens", "inputCost", "outputCost",
            "cacheReadCost", "cacheWriteCost", "totalCost", "costSource", "promptName", "promptVersion") AS x FROM "Observation") o`,
  Score: `SELECT count(*) AS n, md5(string_agg(x, E'\\n' ORDER BY x)) AS h FROM (SELECT concat_ws('|', "traceId", "observationId",
            name, value, "stringValue", "dataType", source, comment, "timestamp") AS x FROM "Score") s`,
  Feedback: `SELECT count(*) AS n, md5(string_agg(x, E'\\n' ORDER BY x)) AS h FROM (SELECT concat_ws('|', "traceId",
            "observationId", thumbs, rating, comment, tags, "userId", "timestamp") AS x FROM "Feedback") f`,
  IngestedEvent: `SELECT count(*) AS n, '' AS h FROM "IngestedEvent"`,
};

async function fingerprint(db: string) {
  const c = new pg.Client({ connectionString: Object.assign(new URL(SERVER), { pathname: `/${db}` }).toString() });
  await c.connect();
  const out: Record<string, { n: string; h: string }> = {};
  for (const [t, sql] of Object.entries(CHECKS)) out[t] = (await c.query<{ n: string; h: string }>(sql)).rows[0]!;
  await c.end();
  return out;
}

async function main() {
  const [a, b] = process.argv.slice(2);
  const [fa, fb] = await Promise.all([fingerprint(a!), fingerprint(b!)]);
  let same = true;
  for (const t of Object.keys(CHECKS)) {
    const ok = fa[t]!.n === fb[t]!.n && fa[t]!.h === fb[t]!.h;
    same &&= ok;
    console.log(`${t.padEnd(14)} ${fa[t]!.n} rows ${ok ? "identical" : `DIFFERENT (${fb[t]!.n} rows)`}`);
  }
  console.log(JSON.stringify({ bench: "compare-dbs", a, b, identical: same }));
  process.exit(same ? 0 : 1);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
