-- CreateEnum
CREATE TYPE "AnnotationSampling" AS ENUM ('random', 'stratified', 'errors', 'low_score');

-- CreateTable
CREATE TABLE "AnnotationQueue" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "filter" JSONB NOT NULL,
    "sampling" "AnnotationSampling" NOT NULL,
    "rate" DOUBLE PRECISION NOT NULL,
    "stratifyBy" TEXT,
    "minPerStratum" INTEGER NOT NULL DEFAULT 1,
    "minOutputTokens" INTEGER,
    "maxOutputTokens" INTEGER,
    "scoreName" TEXT,
    "scoreBelow" DOUBLE PRECISION,
    "dailyCap" INTEGER NOT NULL DEFAULT 100,
    "reviewersPerItem" INTEGER NOT NULL DEFAULT 1,
    "reservationMinutes" INTEGER NOT NULL DEFAULT 30,
    "scoreConfig" JSONB NOT NULL,
    "issueTags" TEXT[],
    "fillCursor" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AnnotationQueue_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AnnotationItem" (
    "id" TEXT NOT NULL,
    "queueId" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "traceId" TEXT NOT NULL,
    "stratum" TEXT,
    "labelCount" INTEGER NOT NULL DEFAULT 0,
    "addedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AnnotationItem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AnnotationReservation" (
    "itemId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AnnotationReservation_pkey" PRIMARY KEY ("itemId","userId")
);

-- CreateTable
CREATE TABLE "AnnotationLabel" (
    "id" TEXT NOT NULL,
    "itemId" TEXT NOT NULL,
    "queueId" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "userName" TEXT,
    "value" DOUBLE PRECISION,
    "stringValue" TEXT,
    "failed" BOOLEAN NOT NULL,
    "tags" TEXT[],
    "comment" TEXT,
    "scoreId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AnnotationLabel_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "AnnotationQueue_projectId_name_key" ON "AnnotationQueue"("projectId", "name");

-- CreateIndex
CREATE INDEX "AnnotationItem_queueId_labelCount_addedAt_idx" ON "AnnotationItem"("queueId", "labelCount", "addedAt");

-- CreateIndex
CREATE UNIQUE INDEX "AnnotationItem_queueId_traceId_key" ON "AnnotationItem"("queueId", "traceId");

-- CreateIndex
CREATE INDEX "AnnotationLabel_queueId_createdAt_idx" ON "AnnotationLabel"("queueId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "AnnotationLabel_itemId_userId_key" ON "AnnotationLabel"("itemId", "userId");

-- AddForeignKey
ALTER TABLE "AnnotationQueue" ADD CONSTRAINT "AnnotationQueue_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AnnotationItem" ADD CONSTRAINT "AnnotationItem_queueId_fkey" FOREIGN KEY ("queueId") REFERENCES "AnnotationQueue"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AnnotationReservation" ADD CONSTRAINT "AnnotationReservation_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "AnnotationItem"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AnnotationLabel" ADD CONSTRAINT "AnnotationLabel_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "AnnotationItem"("id") ON DELETE CASCADE ON UPDATE CASCADE;
