-- CreateEnum
CREATE TYPE "JobRunStatus" AS ENUM ('queued', 'running', 'sleeping', 'completed', 'failed', 'cancelled');

-- CreateTable
CREATE TABLE "JobFunction" (
    "id" TEXT NOT NULL,
    "appName" TEXT NOT NULL,
    "name" TEXT,
    "url" TEXT NOT NULL,
    "triggers" JSONB NOT NULL,
    "concurrency" JSONB,
    "maxAttempts" INTEGER NOT NULL DEFAULT 4,
    "cronCursor" TIMESTAMP(3),
    "syncedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "JobFunction_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "JobEvent" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "data" JSONB NOT NULL,
    "ts" TIMESTAMP(3) NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "JobEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "JobRun" (
    "id" TEXT NOT NULL,
    "functionId" TEXT NOT NULL,
    "projectId" TEXT,
    "event" JSONB NOT NULL,
    "status" "JobRunStatus" NOT NULL DEFAULT 'queued',
    "attempt" INTEGER NOT NULL DEFAULT 0,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "concurrencyKey" TEXT,
    "nextRunAt" TIMESTAMP(3) NOT NULL,
    "leaseOwner" TEXT,
    "leaseUntil" TIMESTAMP(3),
    "dedupeKey" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "endedAt" TIMESTAMP(3),
    "output" JSONB,
    "error" JSONB,

    CONSTRAINT "JobRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "JobStep" (
    "runId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "name" TEXT,
    "op" TEXT NOT NULL,
    "result" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "JobStep_pkey" PRIMARY KEY ("runId","id")
);

-- CreateIndex
CREATE INDEX "JobEvent_name_receivedAt_idx" ON "JobEvent"("name", "receivedAt");

-- CreateIndex
CREATE UNIQUE INDEX "JobRun_dedupeKey_key" ON "JobRun"("dedupeKey");

-- CreateIndex
CREATE INDEX "JobRun_status_nextRunAt_idx" ON "JobRun"("status", "nextRunAt");

-- CreateIndex
CREATE INDEX "JobRun_functionId_concurrencyKey_status_idx" ON "JobRun"("functionId", "concurrencyKey", "status");

-- CreateIndex
CREATE INDEX "JobRun_projectId_createdAt_idx" ON "JobRun"("projectId", "createdAt");

-- AddForeignKey
ALTER TABLE "JobStep" ADD CONSTRAINT "JobStep_runId_fkey" FOREIGN KEY ("runId") REFERENCES "JobRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;
