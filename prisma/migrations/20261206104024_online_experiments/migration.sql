-- CreateEnum
CREATE TYPE "OnlineExperimentStatus" AS ENUM ('draft', 'running', 'paused', 'stopped');

-- CreateEnum
CREATE TYPE "OnlineAllocationMode" AS ENUM ('fixed', 'thompson', 'ucb1', 'epsilon_greedy', 'interleaving');

-- AlterEnum
ALTER TYPE "ApiKeyScope" ADD VALUE 'assign';

-- CreateTable
CREATE TABLE "OnlineExperiment" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "hypothesis" TEXT NOT NULL DEFAULT '',
    "unitType" TEXT NOT NULL,
    "unitAttribute" TEXT,
    "coverage" DOUBLE PRECISION NOT NULL DEFAULT 1,
    "status" "OnlineExperimentStatus" NOT NULL DEFAULT 'draft',
    "mode" "OnlineAllocationMode" NOT NULL DEFAULT 'fixed',
    "primaryMetric" JSONB NOT NULL,
    "secondaryMetrics" JSONB NOT NULL DEFAULT '[]',
    "guardrails" JSONB NOT NULL DEFAULT '[]',
    "promptId" TEXT,
    "shipLabel" TEXT NOT NULL DEFAULT 'production',
    "bucketVersion" INTEGER NOT NULL DEFAULT 0,
    "banditIntervalMinutes" INTEGER NOT NULL DEFAULT 5,
    "banditBurnIn" INTEGER NOT NULL DEFAULT 50,
    "banditFloor" DOUBLE PRECISION NOT NULL DEFAULT 0.05,
    "epsilon" DOUBLE PRECISION NOT NULL DEFAULT 0.1,
    "allocationVersion" INTEGER NOT NULL DEFAULT 0,
    "lastAllocatedAt" TIMESTAMP(3),
    "configVersion" INTEGER NOT NULL DEFAULT 1,
    "startedAt" TIMESTAMP(3),
    "stoppedAt" TIMESTAMP(3),
    "shippedVariantKey" TEXT,
    "shippedAt" TIMESTAMP(3),
    "decisionNote" TEXT,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "OnlineExperiment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OnlineVariant" (
    "id" TEXT NOT NULL,
    "experimentId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "isControl" BOOLEAN NOT NULL DEFAULT false,
    "promptVersionId" TEXT,
    "promptLabel" TEXT,
    "modelOverride" TEXT,
    "weight" DOUBLE PRECISION NOT NULL,
    "position" INTEGER NOT NULL,

    CONSTRAINT "OnlineVariant_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OnlineAllocation" (
    "id" TEXT NOT NULL,
    "experimentId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "weights" JSONB NOT NULL,
    "arms" JSONB,
    "reason" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OnlineAllocation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OnlineAssignment" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "experimentId" TEXT NOT NULL,
    "unitId" TEXT NOT NULL,
    "bucketVersion" INTEGER NOT NULL,
    "variantKey" TEXT NOT NULL,
    "allocationVersion" INTEGER NOT NULL,
    "propensity" DOUBLE PRECISION NOT NULL,
    "exposedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OnlineAssignment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OnlineTraceAssignment" (
    "projectId" TEXT NOT NULL,
    "traceId" TEXT NOT NULL,
    "assignmentId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OnlineTraceAssignment_pkey" PRIMARY KEY ("projectId","assignmentId","traceId")
);

-- CreateTable
CREATE TABLE "InterleavingPreference" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "experimentId" TEXT NOT NULL,
    "unitId" TEXT NOT NULL,
    "firstVariantKey" TEXT NOT NULL,
    "secondVariantKey" TEXT NOT NULL,
    "chosenVariantKey" TEXT,
    "chosenPosition" INTEGER,
    "decidedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "InterleavingPreference_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "OnlineExperiment_status_lastAllocatedAt_idx" ON "OnlineExperiment"("status", "lastAllocatedAt");

-- CreateIndex
CREATE UNIQUE INDEX "OnlineExperiment_projectId_key_key" ON "OnlineExperiment"("projectId", "key");

-- CreateIndex
CREATE UNIQUE INDEX "OnlineVariant_experimentId_key_key" ON "OnlineVariant"("experimentId", "key");

-- CreateIndex
CREATE UNIQUE INDEX "OnlineAllocation_experimentId_version_key" ON "OnlineAllocation"("experimentId", "version");

-- CreateIndex
CREATE INDEX "OnlineAssignment_projectId_experimentId_variantKey_idx" ON "OnlineAssignment"("projectId", "experimentId", "variantKey");

-- CreateIndex
CREATE UNIQUE INDEX "OnlineAssignment_experimentId_unitId_bucketVersion_key" ON "OnlineAssignment"("experimentId", "unitId", "bucketVersion");

-- CreateIndex
CREATE INDEX "OnlineTraceAssignment_projectId_traceId_idx" ON "OnlineTraceAssignment"("projectId", "traceId");

-- CreateIndex
CREATE INDEX "InterleavingPreference_projectId_experimentId_decidedAt_idx" ON "InterleavingPreference"("projectId", "experimentId", "decidedAt");

-- AddForeignKey
ALTER TABLE "OnlineExperiment" ADD CONSTRAINT "OnlineExperiment_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OnlineVariant" ADD CONSTRAINT "OnlineVariant_experimentId_fkey" FOREIGN KEY ("experimentId") REFERENCES "OnlineExperiment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OnlineVariant" ADD CONSTRAINT "OnlineVariant_promptVersionId_fkey" FOREIGN KEY ("promptVersionId") REFERENCES "PromptVersion"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OnlineAllocation" ADD CONSTRAINT "OnlineAllocation_experimentId_fkey" FOREIGN KEY ("experimentId") REFERENCES "OnlineExperiment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OnlineAssignment" ADD CONSTRAINT "OnlineAssignment_experimentId_fkey" FOREIGN KEY ("experimentId") REFERENCES "OnlineExperiment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OnlineTraceAssignment" ADD CONSTRAINT "OnlineTraceAssignment_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InterleavingPreference" ADD CONSTRAINT "InterleavingPreference_experimentId_fkey" FOREIGN KEY ("experimentId") REFERENCES "OnlineExperiment"("id") ON DELETE CASCADE ON UPDATE CASCADE;
