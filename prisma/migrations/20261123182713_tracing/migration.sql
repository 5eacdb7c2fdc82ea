-- CreateEnum
CREATE TYPE "ObservationType" AS ENUM ('SPAN', 'GENERATION', 'EVENT');

-- CreateEnum
CREATE TYPE "ObservationLevel" AS ENUM ('DEBUG', 'DEFAULT', 'WARNING', 'ERROR');

-- CreateEnum
CREATE TYPE "ScoreDataType" AS ENUM ('NUMERIC', 'CATEGORICAL', 'BOOLEAN');

-- CreateEnum
CREATE TYPE "ScoreSource" AS ENUM ('API', 'JUDGE', 'HUMAN');

-- CreateTable
CREATE TABLE "Trace" (
    "projectId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "timestamp" TIMESTAMP(3) NOT NULL,
    "name" TEXT,
    "userId" TEXT,
    "sessionId" TEXT,
    "release" TEXT,
    "version" TEXT,
    "environment" TEXT NOT NULL DEFAULT 'default',
    "tags" TEXT[],
    "metadata" JSONB,
    "input" JSONB,
    "output" JSONB,
    "latencyMs" INTEGER,
    "totalCost" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "inputTokens" INTEGER NOT NULL DEFAULT 0,
    "outputTokens" INTEGER NOT NULL DEFAULT 0,
    "observationCount" INTEGER NOT NULL DEFAULT 0,
    "hasError" BOOLEAN NOT NULL DEFAULT false,
    "models" TEXT[],
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Trace_pkey" PRIMARY KEY ("projectId","id")
);

-- CreateTable
CREATE TABLE "Observation" (
    "projectId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "traceId" TEXT NOT NULL,
    "parentObservationId" TEXT,
    "type" "ObservationType" NOT NULL,
    "name" TEXT,
    "startTime" TIMESTAMP(3) NOT NULL,
    "endTime" TIMESTAMP(3),
    "completionStartTime" TIMESTAMP(3),
    "level" "ObservationLevel" NOT NULL DEFAULT 'DEFAULT',
    "statusMessage" TEXT,
    "model" TEXT,
    "modelParameters" JSONB,
    "input" JSONB,
    "output" JSONB,
    "metadata" JSONB,
    "inputTokens" INTEGER,
    "outputTokens" INTEGER,
    "cacheReadTokens" INTEGER,
    "cacheWriteTokens" INTEGER,
    "totalTokens" INTEGER,
    "inputCost" DOUBLE PRECISION,
    "outputCost" DOUBLE PRECISION,
    "cacheReadCost" DOUBLE PRECISION,
    "cacheWriteCost" DOUBLE PRECISION,
    "totalCost" DOUBLE PRECISION,
    "costSource" TEXT,
    "promptName" TEXT,
    "promptVersion" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Observation_pkey" PRIMARY KEY ("projectId","id")
);

-- CreateTable
CREATE TABLE "Score" (
    "projectId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "traceId" TEXT NOT NULL,
    "observationId" TEXT,
    "name" TEXT NOT NULL,
    "value" DOUBLE PRECISION,
    "stringValue" TEXT,
    "dataType" "ScoreDataType" NOT NULL,
    "source" "ScoreSource" NOT NULL DEFAULT 'API',
    "comment" TEXT,
    "timestamp" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Score_pkey" PRIMARY KEY ("projectId","id")
);

-- CreateTable
CREATE TABLE "Feedback" (
    "projectId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "traceId" TEXT NOT NULL,
    "thumbs" INTEGER,
    "rating" INTEGER,
    "comment" TEXT,
    "userId" TEXT,
    "timestamp" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Feedback_pkey" PRIMARY KEY ("projectId","id")
);

-- CreateTable
CREATE TABLE "IngestedEvent" (
    "projectId" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "IngestedEvent_pkey" PRIMARY KEY ("projectId","eventId")
);

-- CreateTable
CREATE TABLE "ModelPrice" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "modelName" TEXT NOT NULL,
    "matchPattern" TEXT NOT NULL,
    "inputPer1M" DOUBLE PRECISION NOT NULL,
    "outputPer1M" DOUBLE PRECISION NOT NULL,
    "cacheReadPer1M" DOUBLE PRECISION,
    "cacheWritePer1M" DOUBLE PRECISION,
    "effectiveFrom" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ModelPrice_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Trace_projectId_timestamp_idx" ON "Trace"("projectId", "timestamp" DESC);

-- CreateIndex
CREATE INDEX "Trace_projectId_sessionId_timestamp_idx" ON "Trace"("projectId", "sessionId", "timestamp");

-- CreateIndex
CREATE INDEX "Trace_projectId_userId_timestamp_idx" ON "Trace"("projectId", "userId", "timestamp");

-- CreateIndex
CREATE INDEX "Trace_projectId_name_timestamp_idx" ON "Trace"("projectId", "name", "timestamp");

-- CreateIndex
CREATE INDEX "Trace_tags_idx" ON "Trace" USING GIN ("tags");

-- CreateIndex
CREATE INDEX "Observation_projectId_traceId_idx" ON "Observation"("projectId", "traceId");

-- CreateIndex
CREATE INDEX "Observation_projectId_startTime_idx" ON "Observation"("projectId", "startTime" DESC);

-- CreateIndex
CREATE INDEX "Observation_projectId_type_model_startTime_idx" ON "Observation"("projectId", "type", "model", "startTime");

-- CreateIndex
CREATE INDEX "Score_projectId_traceId_idx" ON "Score"("projectId", "traceId");

-- CreateIndex
CREATE INDEX "Score_projectId_name_timestamp_idx" ON "Score"("projectId", "name", "timestamp");

-- CreateIndex
CREATE INDEX "Feedback_projectId_traceId_idx" ON "Feedback"("projectId", "traceId");

-- CreateIndex
CREATE INDEX "Feedback_projectId_timestamp_idx" ON "Feedback"("projectId", "timestamp" DESC);

-- CreateIndex
CREATE INDEX "IngestedEvent_receivedAt_idx" ON "IngestedEvent"("receivedAt");

-- CreateIndex
CREATE INDEX "ModelPrice_projectId_effectiveFrom_idx" ON "ModelPrice"("projectId", "effectiveFrom");

-- AddForeignKey
ALTER TABLE "Trace" ADD CONSTRAINT "Trace_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Observation" ADD CONSTRAINT "Observation_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Score" ADD CONSTRAINT "Score_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Feedback" ADD CONSTRAINT "Feedback_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IngestedEvent" ADD CONSTRAINT "IngestedEvent_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ModelPrice" ADD CONSTRAINT "ModelPrice_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;
