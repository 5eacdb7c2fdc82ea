-- CreateEnum
CREATE TYPE "CalibrationRunStatus" AS ENUM ('running', 'completed', 'failed');

-- CreateTable
CREATE TABLE "Grader" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "latestVersion" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Grader_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "GraderVersion" (
    "id" TEXT NOT NULL,
    "graderId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "type" TEXT NOT NULL,
    "config" JSONB NOT NULL,
    "judgeModel" TEXT,
    "subjectModel" TEXT,
    "message" TEXT NOT NULL,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "GraderVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CalibrationSet" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "graderId" TEXT NOT NULL,
    "datasetId" TEXT NOT NULL,
    "datasetVersion" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "kappaThreshold" DOUBLE PRECISION NOT NULL DEFAULT 0.6,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CalibrationSet_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CalibrationLabel" (
    "setId" TEXT NOT NULL,
    "itemKey" TEXT NOT NULL,
    "humanScore" INTEGER NOT NULL,
    "comment" TEXT,
    "labelerId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CalibrationLabel_pkey" PRIMARY KEY ("setId","itemKey")
);

-- CreateTable
CREATE TABLE "CalibrationRun" (
    "id" TEXT NOT NULL,
    "setId" TEXT NOT NULL,
    "graderVersionId" TEXT NOT NULL,
    "status" "CalibrationRunStatus" NOT NULL DEFAULT 'running',
    "itemCount" INTEGER NOT NULL DEFAULT 0,
    "failedCount" INTEGER NOT NULL DEFAULT 0,
    "results" JSONB,
    "kappa" DOUBLE PRECISION,
    "inputTokens" INTEGER NOT NULL DEFAULT 0,
    "outputTokens" INTEGER NOT NULL DEFAULT 0,
    "costUsd" DOUBLE PRECISION,
    "error" TEXT,
    "createdById" TEXT,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "CalibrationRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CalibrationJudgment" (
    "runId" TEXT NOT NULL,
    "itemKey" TEXT NOT NULL,
    "humanScore" INTEGER NOT NULL,
    "score" INTEGER,
    "meanScore" DOUBLE PRECISION,
    "variance" DOUBLE PRECISION,
    "stable" BOOLEAN,
    "samples" JSONB NOT NULL,
    "reasoning" TEXT,
    "error" TEXT,
    "inputTokens" INTEGER NOT NULL DEFAULT 0,
    "outputTokens" INTEGER NOT NULL DEFAULT 0,
    "costUsd" DOUBLE PRECISION,

    CONSTRAINT "CalibrationJudgment_pkey" PRIMARY KEY ("runId","itemKey")
);

-- CreateIndex
CREATE UNIQUE INDEX "Grader_projectId_name_key" ON "Grader"("projectId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "GraderVersion_graderId_version_key" ON "GraderVersion"("graderId", "version");

-- CreateIndex
CREATE INDEX "CalibrationSet_graderId_idx" ON "CalibrationSet"("graderId");

-- CreateIndex
CREATE UNIQUE INDEX "CalibrationSet_projectId_name_key" ON "CalibrationSet"("projectId", "name");

-- CreateIndex
CREATE INDEX "CalibrationRun_setId_startedAt_idx" ON "CalibrationRun"("setId", "startedAt");

-- CreateIndex
CREATE INDEX "CalibrationRun_graderVersionId_idx" ON "CalibrationRun"("graderVersionId");

-- AddForeignKey
ALTER TABLE "Grader" ADD CONSTRAINT "Grader_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GraderVersion" ADD CONSTRAINT "GraderVersion_graderId_fkey" FOREIGN KEY ("graderId") REFERENCES "Grader"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GraderVersion" ADD CONSTRAINT "GraderVersion_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CalibrationSet" ADD CONSTRAINT "CalibrationSet_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CalibrationSet" ADD CONSTRAINT "CalibrationSet_graderId_fkey" FOREIGN KEY ("graderId") REFERENCES "Grader"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CalibrationSet" ADD CONSTRAINT "CalibrationSet_datasetId_fkey" FOREIGN KEY ("datasetId") REFERENCES "Dataset"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CalibrationSet" ADD CONSTRAINT "CalibrationSet_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CalibrationLabel" ADD CONSTRAINT "CalibrationLabel_setId_fkey" FOREIGN KEY ("setId") REFERENCES "CalibrationSet"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CalibrationLabel" ADD CONSTRAINT "CalibrationLabel_labelerId_fkey" FOREIGN KEY ("labelerId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CalibrationRun" ADD CONSTRAINT "CalibrationRun_setId_fkey" FOREIGN KEY ("setId") REFERENCES "CalibrationSet"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CalibrationRun" ADD CONSTRAINT "CalibrationRun_graderVersionId_fkey" FOREIGN KEY ("graderVersionId") REFERENCES "GraderVersion"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CalibrationRun" ADD CONSTRAINT "CalibrationRun_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CalibrationJudgment" ADD CONSTRAINT "CalibrationJudgment_runId_fkey" FOREIGN KEY ("runId") REFERENCES "CalibrationRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;
