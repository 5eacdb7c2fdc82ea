-- CreateTable
CREATE TABLE "RollupDirtyHour" (
    "id" BIGSERIAL NOT NULL,
    "projectId" TEXT NOT NULL,
    "hour" TIMESTAMP(3) NOT NULL,
    "markedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RollupDirtyHour_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "RollupDirtyHour_projectId_hour_idx" ON "RollupDirtyHour"("projectId", "hour");

-- CreateTable
CREATE TABLE "DashboardTraceHour" (
    "projectId" TEXT NOT NULL,
    "hour" TIMESTAMP(3) NOT NULL,
    "name" TEXT NOT NULL,
    "environment" TEXT NOT NULL,
    "release" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "promptName" TEXT NOT NULL,
    "promptVersion" INTEGER NOT NULL,
    "traces" INTEGER NOT NULL,
    "errors" INTEGER NOT NULL,
    "successes" INTEGER NOT NULL,
    "cost" DOUBLE PRECISION NOT NULL,
    "latBuckets" INTEGER[],
    "latCounts" INTEGER[],
    "thumbsUp" INTEGER NOT NULL,
    "thumbsDown" INTEGER NOT NULL,
    "ratingN" INTEGER NOT NULL,
    "ratingSum" DOUBLE PRECISION NOT NULL,
    "ratingSumSq" DOUBLE PRECISION NOT NULL,
    "ratingCounts" INTEGER[],

    CONSTRAINT "DashboardTraceHour_pkey" PRIMARY KEY ("projectId","hour","name","environment","release","model","promptName","promptVersion")
);

-- CreateTable
CREATE TABLE "DashboardGenerationHour" (
    "projectId" TEXT NOT NULL,
    "hour" TIMESTAMP(3) NOT NULL,
    "name" TEXT NOT NULL,
    "environment" TEXT NOT NULL,
    "release" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "promptName" TEXT NOT NULL,
    "promptVersion" INTEGER NOT NULL,
    "generations" INTEGER NOT NULL,
    "errors" INTEGER NOT NULL,
    "cost" DOUBLE PRECISION NOT NULL,
    "inputTokens" BIGINT NOT NULL,
    "outputTokens" BIGINT NOT NULL,
    "cacheReadTokens" BIGINT NOT NULL,
    "cacheWriteTokens" BIGINT NOT NULL,
    "latBuckets" INTEGER[],
    "latCounts" INTEGER[],

    CONSTRAINT "DashboardGenerationHour_pkey" PRIMARY KEY ("projectId","hour","name","environment","release","model","promptName","promptVersion")
);

-- CreateTable
CREATE TABLE "DashboardScoreHour" (
    "projectId" TEXT NOT NULL,
    "hour" TIMESTAMP(3) NOT NULL,
    "name" TEXT NOT NULL,
    "environment" TEXT NOT NULL,
    "release" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "promptName" TEXT NOT NULL,
    "promptVersion" INTEGER NOT NULL,
    "scoreName" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "n" INTEGER NOT NULL,
    "sum" DOUBLE PRECISION NOT NULL,
    "sumSq" DOUBLE PRECISION NOT NULL,
    "valBuckets" INTEGER[],
    "valCounts" INTEGER[],

    CONSTRAINT "DashboardScoreHour_pkey" PRIMARY KEY ("projectId","hour","name","environment","release","model","promptName","promptVersion","scoreName","source")
);

-- CreateTable
CREATE TABLE "DashboardUserDay" (
    "projectId" TEXT NOT NULL,
    "day" TIMESTAMP(3) NOT NULL,
    "name" TEXT NOT NULL,
    "environment" TEXT NOT NULL,
    "release" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "promptName" TEXT NOT NULL,
    "promptVersion" INTEGER NOT NULL,
    "userId" TEXT NOT NULL,
    "traces" INTEGER NOT NULL,

    CONSTRAINT "DashboardUserDay_pkey" PRIMARY KEY ("projectId","day","name","environment","release","model","promptName","promptVersion","userId")
);

-- CreateTable
CREATE TABLE "DashboardLatencyHour" (
    "projectId" TEXT NOT NULL,
    "hour" TIMESTAMP(3) NOT NULL,
    "kind" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "latBuckets" INTEGER[],
    "latCounts" INTEGER[],

    CONSTRAINT "DashboardLatencyHour_pkey" PRIMARY KEY ("projectId","hour","kind","model")
);

-- CreateTable
CREATE TABLE "DashboardScoreTotalHour" (
    "projectId" TEXT NOT NULL,
    "hour" TIMESTAMP(3) NOT NULL,
    "scoreName" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "n" INTEGER NOT NULL,
    "sum" DOUBLE PRECISION NOT NULL,
    "sumSq" DOUBLE PRECISION NOT NULL,
    "valBuckets" INTEGER[],
    "valCounts" INTEGER[],

    CONSTRAINT "DashboardScoreTotalHour_pkey" PRIMARY KEY ("projectId","hour","scoreName","source")
);

-- CreateTable
CREATE TABLE "DashboardUserTotalDay" (
    "projectId" TEXT NOT NULL,
    "day" TIMESTAMP(3) NOT NULL,
    "users" INTEGER NOT NULL,
    "traces" INTEGER NOT NULL,

    CONSTRAINT "DashboardUserTotalDay_pkey" PRIMARY KEY ("projectId","day")
);

-- Dirty-hour marking: statement-level triggers (one set-based INSERT per statement, whatever the
-- batch size) record the (project, hour of the trace) every write touches, in the writing
-- transaction, so a roll-up can never miss a committed change. Updates mark the old and the new
-- hour (a trace can move). The marks are an append-only log (no unique key): concurrent ingest
-- transactions never wait for each other on a mark, so they cannot deadlock on marks or serialise
-- on the current hour. A rebuild deletes the marks its snapshot sees and then reads raw rows; a
-- mark still uncommitted is invisible to that DELETE and survives for the next rebuild.
CREATE FUNCTION "yardstick_mark_dirty"(p_project text[], p_hour timestamp[]) RETURNS void LANGUAGE sql AS $$
  INSERT INTO "RollupDirtyHour" ("projectId", hour)
  SELECT DISTINCT p, h FROM unnest(p_project, p_hour) AS u(p, h) WHERE p IS NOT NULL AND h IS NOT NULL;
$$;

CREATE FUNCTION "yardstick_dirty_from_traces"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE p text[]; h timestamp[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg("projectId"), array_agg(date_trunc('hour', "timestamp")) INTO p, h FROM new_rows;
  ELSIF TG_OP = 'UPDATE' THEN
    SELECT array_agg(x."projectId"), array_agg(x.hr) INTO p, h FROM (
      SELECT "projectId", date_trunc('hour', "timestamp") AS hr FROM new_rows
      UNION SELECT "projectId", date_trunc('hour', "timestamp") FROM old_rows) x;
  ELSE
    SELECT array_agg("projectId"), array_agg(date_trunc('hour', "timestamp")) INTO p, h FROM old_rows;
  END IF;
  IF p IS NOT NULL THEN PERFORM "yardstick_mark_dirty"(p, h); END IF;
  RETURN NULL;
END;
$$;

-- Observations, scores and feedback count in their trace's hour.
CREATE FUNCTION "yardstick_dirty_from_trace_children"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE p text[]; h timestamp[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(t."projectId"), array_agg(date_trunc('hour', t."timestamp")) INTO p, h
      FROM (SELECT DISTINCT "projectId", "traceId" FROM new_rows) n
      JOIN "Trace" t ON t."projectId" = n."projectId" AND t.id = n."traceId";
  ELSIF TG_OP = 'UPDATE' THEN
    SELECT array_agg(t."projectId"), array_agg(date_trunc('hour', t."timestamp")) INTO p, h
      FROM (SELECT "projectId", "traceId" FROM new_rows UNION SELECT "projectId", "traceId" FROM old_rows) n
      JOIN "Trace" t ON t."projectId" = n."projectId" AND t.id = n."traceId";
  ELSE
    SELECT array_agg(t."projectId"), array_agg(date_trunc('hour', t."timestamp")) INTO p, h
      FROM (SELECT DISTINCT "projectId", "traceId" FROM old_rows) n
      JOIN "Trace" t ON t."projectId" = n."projectId" AND t.id = n."traceId";
  END IF;
  IF p IS NOT NULL THEN PERFORM "yardstick_mark_dirty"(p, h); END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER "Trace_dirty_ins" AFTER INSERT ON "Trace" REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "yardstick_dirty_from_traces"();
CREATE TRIGGER "Trace_dirty_upd" AFTER UPDATE ON "Trace" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "yardstick_dirty_from_traces"();
CREATE TRIGGER "Trace_dirty_del" AFTER DELETE ON "Trace" REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "yardstick_dirty_from_traces"();

CREATE TRIGGER "Observation_dirty_ins" AFTER INSERT ON "Observation" REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "yardstick_dirty_from_trace_children"();
CREATE TRIGGER "Observation_dirty_upd" AFTER UPDATE ON "Observation" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "yardstick_dirty_from_trace_children"();
CREATE TRIGGER "Observation_dirty_del" AFTER DELETE ON "Observation" REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "yardstick_dirty_from_trace_children"();

CREATE TRIGGER "Score_dirty_ins" AFTER INSERT ON "Score" REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "yardstick_dirty_from_trace_children"();
CREATE TRIGGER "Score_dirty_upd" AFTER UPDATE ON "Score" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "yardstick_dirty_from_trace_children"();
CREATE TRIGGER "Score_dirty_del" AFTER DELETE ON "Score" REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "yardstick_dirty_from_trace_children"();

CREATE TRIGGER "Feedback_dirty_ins" AFTER INSERT ON "Feedback" REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "yardstick_dirty_from_trace_children"();
CREATE TRIGGER "Feedback_dirty_upd" AFTER UPDATE ON "Feedback" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "yardstick_dirty_from_trace_children"();
CREATE TRIGGER "Feedback_dirty_del" AFTER DELETE ON "Feedback" REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "yardstick_dirty_from_trace_children"();

-- Deleting a project deletes its roll-ups and marks.
CREATE FUNCTION "yardstick_delete_project_rollups"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "RollupDirtyHour" WHERE "projectId" = OLD."id";
  DELETE FROM "DashboardTraceHour" WHERE "projectId" = OLD."id";
  DELETE FROM "DashboardGenerationHour" WHERE "projectId" = OLD."id";
  DELETE FROM "DashboardScoreHour" WHERE "projectId" = OLD."id";
  DELETE FROM "DashboardUserDay" WHERE "projectId" = OLD."id";
  DELETE FROM "DashboardLatencyHour" WHERE "projectId" = OLD."id";
  DELETE FROM "DashboardScoreTotalHour" WHERE "projectId" = OLD."id";
  DELETE FROM "DashboardUserTotalDay" WHERE "projectId" = OLD."id";
  RETURN OLD;
END;
$$;

CREATE TRIGGER "Project_delete_rollups" AFTER DELETE ON "Project"
  FOR EACH ROW EXECUTE FUNCTION "yardstick_delete_project_rollups"();
