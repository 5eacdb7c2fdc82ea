-- CreateEnum
CREATE TYPE "DriftReportStatus" AS ENUM ('running', 'completed', 'failed');

-- CreateTable
CREATE TABLE "DriftSettings" (
    "projectId" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "cron" TEXT NOT NULL DEFAULT '0 6 * * *',
    "windowHours" INTEGER NOT NULL DEFAULT 24,
    "referenceMode" TEXT NOT NULL DEFAULT 'previous',
    "referenceHours" INTEGER NOT NULL DEFAULT 168,
    "pinnedFrom" TIMESTAMP(3),
    "pinnedTo" TIMESTAMP(3),
    "baselineMode" TEXT NOT NULL DEFAULT 'golden',
    "badScoreThreshold" DOUBLE PRECISION,
    "sampleSize" INTEGER NOT NULL DEFAULT 2000,
    "lastRunAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DriftSettings_pkey" PRIMARY KEY ("projectId")
);

-- CreateTable
CREATE TABLE "DriftReport" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "status" "DriftReportStatus" NOT NULL DEFAULT 'running',
    "trigger" TEXT NOT NULL,
    "windowFrom" TIMESTAMP(3) NOT NULL,
    "windowTo" TIMESTAMP(3) NOT NULL,
    "refFrom" TIMESTAMP(3) NOT NULL,
    "refTo" TIMESTAMP(3) NOT NULL,
    "summary" JSONB,
    "findingCount" INTEGER NOT NULL DEFAULT 0,
    "flaggedCount" INTEGER NOT NULL DEFAULT 0,
    "judgeChanged" BOOLEAN NOT NULL DEFAULT false,
    "error" TEXT,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "DriftReport_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DriftFinding" (
    "id" TEXT NOT NULL,
    "reportId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "tests" JSONB NOT NULL,
    "chart" JSONB NOT NULL,
    "sampleTraceIds" TEXT[],
    "attributedTo" TEXT,
    "position" INTEGER NOT NULL,

    CONSTRAINT "DriftFinding_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "JudgeAnchor" (
    "setId" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "baselineRunId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "JudgeAnchor_pkey" PRIMARY KEY ("setId")
);

-- CreateTable
CREATE TABLE "AlertChannel" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "encryptedUrl" TEXT NOT NULL,
    "urlHint" TEXT NOT NULL,
    "encryptedSecret" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AlertChannel_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AlertRule" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "metric" TEXT NOT NULL,
    "scoreName" TEXT,
    "scoreCutoff" DOUBLE PRECISION,
    "condition" TEXT NOT NULL,
    "threshold" DOUBLE PRECISION NOT NULL,
    "period" TEXT NOT NULL DEFAULT 'hour',
    "periods" INTEGER NOT NULL DEFAULT 2,
    "cooldownMinutes" INTEGER NOT NULL DEFAULT 60,
    "channelIds" TEXT[],
    "state" TEXT NOT NULL DEFAULT 'ok',
    "lastValue" DOUBLE PRECISION,
    "lastEvaluatedAt" TIMESTAMP(3),
    "lastNotifiedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AlertRule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AlertEvent" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "ruleId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "value" DOUBLE PRECISION,
    "message" TEXT NOT NULL,
    "details" JSONB NOT NULL,
    "test" BOOLEAN NOT NULL DEFAULT false,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolvedAt" TIMESTAMP(3),
    "acknowledgedAt" TIMESTAMP(3),
    "acknowledgedById" TEXT,
    "notifications" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "AlertEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AlertDelivery" (
    "id" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "responseStatus" INTEGER,
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deliveredAt" TIMESTAMP(3),

    CONSTRAINT "AlertDelivery_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "DriftReport_projectId_createdAt_idx" ON "DriftReport"("projectId", "createdAt");

-- CreateIndex
CREATE INDEX "DriftFinding_reportId_position_idx" ON "DriftFinding"("reportId", "position");

-- CreateIndex
CREATE INDEX "JudgeAnchor_projectId_idx" ON "JudgeAnchor"("projectId");

-- CreateIndex
CREATE UNIQUE INDEX "AlertChannel_projectId_name_key" ON "AlertChannel"("projectId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "AlertRule_projectId_name_key" ON "AlertRule"("projectId", "name");

-- CreateIndex
CREATE INDEX "AlertEvent_projectId_startedAt_idx" ON "AlertEvent"("projectId", "startedAt");

-- CreateIndex
CREATE INDEX "AlertEvent_ruleId_startedAt_idx" ON "AlertEvent"("ruleId", "startedAt");

-- CreateIndex
CREATE INDEX "AlertDelivery_eventId_idx" ON "AlertDelivery"("eventId");

-- AddForeignKey
ALTER TABLE "DriftSettings" ADD CONSTRAINT "DriftSettings_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DriftReport" ADD CONSTRAINT "DriftReport_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DriftFinding" ADD CONSTRAINT "DriftFinding_reportId_fkey" FOREIGN KEY ("reportId") REFERENCES "DriftReport"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "JudgeAnchor" ADD CONSTRAINT "JudgeAnchor_setId_fkey" FOREIGN KEY ("setId") REFERENCES "CalibrationSet"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AlertChannel" ADD CONSTRAINT "AlertChannel_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AlertRule" ADD CONSTRAINT "AlertRule_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AlertEvent" ADD CONSTRAINT "AlertEvent_ruleId_fkey" FOREIGN KEY ("ruleId") REFERENCES "AlertRule"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AlertDelivery" ADD CONSTRAINT "AlertDelivery_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "AlertEvent"("id") ON DELETE CASCADE ON UPDATE CASCADE;
