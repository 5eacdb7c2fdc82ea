-- CreateEnum
CREATE TYPE "ExperimentRunStatus" AS ENUM ('queued', 'running', 'completed', 'failed', 'cancelled');

-- CreateEnum
CREATE TYPE "ExperimentVerdict" AS ENUM ('PASS', 'FAIL');

-- CreateTable
CREATE TABLE "ExperimentRun" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "datasetId" TEXT NOT NULL,
    "datasetName" TEXT NOT NULL,
    "datasetVersion" INTEGER NOT NULL,
    "datasetVersionId" TEXT NOT NULL,
    "partitions" "DatasetPartition"[],
    "name" TEXT,
    "description" TEXT,
    "gitCommit" TEXT,
    "status" "ExperimentRunStatus" NOT NULL DEFAULT 'queued',
    "config" JSONB NOT NULL,
    "itemCount" INTEGER NOT NULL,
    "totalCases" INTEGER NOT NULL,
    "doneCases" INTEGER NOT NULL DEFAULT 0,
    "errorCases" INTEGER NOT NULL DEFAULT 0,
    "cachedCases" INTEGER NOT NULL DEFAULT 0,
    "inputTokens" BIGINT NOT NULL DEFAULT 0,
    "outputTokens" BIGINT NOT NULL DEFAULT 0,
    "costUsd" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "unpricedCases" INTEGER NOT NULL DEFAULT 0,
    "verdict" "ExperimentVerdict",
    "summary" JSONB,
    "error" TEXT,
    "scheduledRunId" TEXT,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "endedAt" TIMESTAMP(3),

    CONSTRAINT "ExperimentRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ExperimentCaseResult" (
    "runId" TEXT NOT NULL,
    "arm" INTEGER NOT NULL,
    "itemKey" TEXT NOT NULL,
    "repeat" INTEGER NOT NULL,
    "partition" "DatasetPartition" NOT NULL,
    "input" JSONB NOT NULL,
    "expectedOutput" TEXT,
    "output" TEXT,
    "latencyMs" INTEGER,
    "inputTokens" INTEGER NOT NULL DEFAULT 0,
    "outputTokens" INTEGER NOT NULL DEFAULT 0,
    "costUsd" DOUBLE PRECISION,
    "graderCostUsd" DOUBLE PRECISION,
    "cached" BOOLEAN NOT NULL DEFAULT false,
    "error" TEXT,
    "graderResults" JSONB NOT NULL,
    "passed" BOOLEAN NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ExperimentCaseResult_pkey" PRIMARY KEY ("runId","arm","itemKey","repeat")
);

-- CreateTable
CREATE TABLE "ExperimentOutputCache" (
    "projectId" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ExperimentOutputCache_pkey" PRIMARY KEY ("projectId","hash")
);

-- CreateTable
CREATE TABLE "ExperimentSettings" (
    "projectId" TEXT NOT NULL,
    "goldenMustPass" BOOLEAN NOT NULL DEFAULT true,
    "minEffects" JSONB NOT NULL DEFAULT '{}',
    "defaultMinEffect" DOUBLE PRECISION NOT NULL DEFAULT 0.02,
    "alpha" DOUBLE PRECISION NOT NULL DEFAULT 0.05,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ExperimentSettings_pkey" PRIMARY KEY ("projectId")
);

-- CreateTable
CREATE TABLE "ScheduledRun" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "datasetId" TEXT NOT NULL,
    "partitions" "DatasetPartition"[],
    "promptId" TEXT NOT NULL,
    "promptLabel" TEXT NOT NULL,
    "graders" JSONB NOT NULL,
    "repeats" INTEGER NOT NULL DEFAULT 1,
    "concurrency" INTEGER NOT NULL DEFAULT 4,
    "cron" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "lastRunId" TEXT,
    "lastRunAt" TIMESTAMP(3),
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ScheduledRun_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ExperimentRun_projectId_createdAt_idx" ON "ExperimentRun"("projectId", "createdAt");

-- CreateIndex
CREATE INDEX "ExperimentRun_projectId_datasetId_createdAt_idx" ON "ExperimentRun"("projectId", "datasetId", "createdAt");

-- CreateIndex
CREATE INDEX "ScheduledRun_enabled_idx" ON "ScheduledRun"("enabled");

-- CreateIndex
CREATE UNIQUE INDEX "ScheduledRun_projectId_name_key" ON "ScheduledRun"("projectId", "name");

-- AddForeignKey
ALTER TABLE "ExperimentRun" ADD CONSTRAINT "ExperimentRun_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExperimentRun" ADD CONSTRAINT "ExperimentRun_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExperimentCaseResult" ADD CONSTRAINT "ExperimentCaseResult_runId_fkey" FOREIGN KEY ("runId") REFERENCES "ExperimentRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExperimentOutputCache" ADD CONSTRAINT "ExperimentOutputCache_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExperimentSettings" ADD CONSTRAINT "ExperimentSettings_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ScheduledRun" ADD CONSTRAINT "ScheduledRun_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;
