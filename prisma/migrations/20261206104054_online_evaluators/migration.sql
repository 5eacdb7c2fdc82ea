-- AlterEnum
ALTER TYPE "ScoreSource" ADD VALUE 'EVAL';

-- AlterTable
ALTER TABLE "Score" ADD COLUMN     "graderVersionId" TEXT,
ADD COLUMN     "onlineRuleId" TEXT;

-- AlterTable
ALTER TABLE "Trace" ADD COLUMN     "endedAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "OnlineEvalRule" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "graderId" TEXT NOT NULL,
    "graderVersionId" TEXT NOT NULL,
    "scoreName" TEXT NOT NULL,
    "target" TEXT NOT NULL DEFAULT 'trace',
    "filter" JSONB NOT NULL,
    "observationFilter" JSONB,
    "mapping" JSONB NOT NULL,
    "sampling" JSONB NOT NULL,
    "salt" TEXT NOT NULL,
    "dailyCallBudget" INTEGER,
    "dailyCostBudgetUsd" DOUBLE PRECISION,
    "scanCursor" TIMESTAMP(3) NOT NULL,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "OnlineEvalRule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OnlineEvalJudgment" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "ruleId" TEXT NOT NULL,
    "graderVersionId" TEXT NOT NULL,
    "traceId" TEXT NOT NULL,
    "observationId" TEXT,
    "status" TEXT NOT NULL,
    "value" DOUBLE PRECISION,
    "passed" BOOLEAN,
    "reason" TEXT,
    "inclusionProb" DOUBLE PRECISION NOT NULL,
    "sampledBy" TEXT NOT NULL,
    "stratum" TEXT,
    "promptKey" TEXT,
    "day" DATE NOT NULL,
    "traceTimestamp" TIMESTAMP(3) NOT NULL,
    "scoreId" TEXT,
    "calls" INTEGER NOT NULL DEFAULT 0,
    "inputTokens" INTEGER NOT NULL DEFAULT 0,
    "outputTokens" INTEGER NOT NULL DEFAULT 0,
    "costUsd" DOUBLE PRECISION,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OnlineEvalJudgment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OnlineEvalBackfill" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "ruleId" TEXT NOT NULL,
    "from" TIMESTAMP(3) NOT NULL,
    "to" TIMESTAMP(3) NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "total" INTEGER NOT NULL DEFAULT 0,
    "processed" INTEGER NOT NULL DEFAULT 0,
    "judged" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "OnlineEvalBackfill_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OnlineEvalSettings" (
    "projectId" TEXT NOT NULL,
    "idleTimeoutSeconds" INTEGER NOT NULL DEFAULT 180,
    "reviewMinutes" DOUBLE PRECISION NOT NULL DEFAULT 3,
    "humanReviewRate" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "OnlineEvalSettings_pkey" PRIMARY KEY ("projectId")
);

-- CreateIndex
CREATE INDEX "OnlineEvalRule_enabled_idx" ON "OnlineEvalRule"("enabled");

-- CreateIndex
CREATE UNIQUE INDEX "OnlineEvalRule_projectId_name_key" ON "OnlineEvalRule"("projectId", "name");

-- CreateIndex
CREATE INDEX "OnlineEvalJudgment_ruleId_day_idx" ON "OnlineEvalJudgment"("ruleId", "day");

-- CreateIndex
CREATE INDEX "OnlineEvalJudgment_projectId_day_idx" ON "OnlineEvalJudgment"("projectId", "day");

-- CreateIndex
CREATE INDEX "OnlineEvalJudgment_ruleId_createdAt_idx" ON "OnlineEvalJudgment"("ruleId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "OnlineEvalJudgment_ruleId_graderVersionId_traceId_key" ON "OnlineEvalJudgment"("ruleId", "graderVersionId", "traceId");

-- CreateIndex
CREATE INDEX "OnlineEvalBackfill_ruleId_createdAt_idx" ON "OnlineEvalBackfill"("ruleId", "createdAt");

-- CreateIndex
CREATE INDEX "Trace_projectId_updatedAt_idx" ON "Trace"("projectId", "updatedAt");

-- AddForeignKey
ALTER TABLE "OnlineEvalRule" ADD CONSTRAINT "OnlineEvalRule_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OnlineEvalRule" ADD CONSTRAINT "OnlineEvalRule_graderId_fkey" FOREIGN KEY ("graderId") REFERENCES "Grader"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OnlineEvalRule" ADD CONSTRAINT "OnlineEvalRule_graderVersionId_fkey" FOREIGN KEY ("graderVersionId") REFERENCES "GraderVersion"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OnlineEvalJudgment" ADD CONSTRAINT "OnlineEvalJudgment_ruleId_fkey" FOREIGN KEY ("ruleId") REFERENCES "OnlineEvalRule"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OnlineEvalBackfill" ADD CONSTRAINT "OnlineEvalBackfill_ruleId_fkey" FOREIGN KEY ("ruleId") REFERENCES "OnlineEvalRule"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OnlineEvalSettings" ADD CONSTRAINT "OnlineEvalSettings_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;
