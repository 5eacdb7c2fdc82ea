-- DropIndex
DROP INDEX "Trace_projectId_timestamp_idx";

-- AlterTable
ALTER TABLE "Project" ADD COLUMN     "traceRetentionDays" INTEGER;

-- AlterTable
ALTER TABLE "Trace" ADD COLUMN     "prompts" TEXT[];

-- Backfill the prompts roll-up from the stored observations (ingest maintains it from now on).
UPDATE "Trace" t SET "prompts" = p.prompts
  FROM (
    SELECT o."projectId", o."traceId", array_agg(DISTINCT k ORDER BY k) AS prompts
      FROM "Observation" o
     CROSS JOIN LATERAL (VALUES (o."promptName"), (o."promptName" || chr(31) || o."promptVersion")) AS v(k)
     WHERE o."promptName" IS NOT NULL AND k IS NOT NULL
     GROUP BY 1, 2
  ) p
 WHERE t."projectId" = p."projectId" AND t.id = p."traceId";

-- CreateIndex
CREATE INDEX "Score_projectId_name_value_idx" ON "Score"("projectId", "name", "value");

-- CreateIndex
CREATE INDEX "Trace_projectId_timestamp_id_idx" ON "Trace"("projectId", "timestamp" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "Trace_projectId_totalCost_id_idx" ON "Trace"("projectId", "totalCost" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "Trace_projectId_release_timestamp_idx" ON "Trace"("projectId", "release", "timestamp");

-- CreateIndex
CREATE INDEX "Trace_projectId_environment_timestamp_idx" ON "Trace"("projectId", "environment", "timestamp");

-- CreateIndex
CREATE INDEX "Trace_models_idx" ON "Trace" USING GIN ("models");

-- CreateIndex
CREATE INDEX "Trace_prompts_idx" ON "Trace" USING GIN ("prompts");

-- The latency sort orders by COALESCE("latencyMs", -1) (a trace with no observations has none,
-- and sorts below every measured one); an expression index, which Prisma's schema cannot express.
CREATE INDEX "Trace_projectId_latency_id_idx" ON "Trace"("projectId", (COALESCE("latencyMs", -1)) DESC, "id" DESC);

-- "Errors only": a partial index holding just the failed traces (2% in the benchmark), so the
-- filter never walks the whole time index when errors are rare or absent in the range.
CREATE INDEX "Trace_projectId_errors_idx" ON "Trace"("projectId", "timestamp" DESC, "id" DESC) WHERE "hasError";
