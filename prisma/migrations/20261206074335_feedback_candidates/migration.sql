-- CreateEnum
CREATE TYPE "CandidateStatus" AS ENUM ('open', 'promoted', 'rejected', 'merged');

-- AlterTable
ALTER TABLE "Feedback" ADD COLUMN     "observationId" TEXT,
ADD COLUMN     "tags" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- CreateTable
CREATE TABLE "FeedbackCandidate" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "inputHash" TEXT NOT NULL,
    "input" JSONB NOT NULL,
    "inputText" TEXT NOT NULL,
    "output" JSONB,
    "model" TEXT,
    "promptName" TEXT,
    "promptVersion" INTEGER,
    "traceId" TEXT NOT NULL,
    "observationId" TEXT,
    "status" "CandidateStatus" NOT NULL DEFAULT 'open',
    "count" INTEGER NOT NULL DEFAULT 1,
    "firstSeenAt" TIMESTAMP(3) NOT NULL,
    "lastSeenAt" TIMESTAMP(3) NOT NULL,
    "mergedIntoId" TEXT,
    "similarityMethod" TEXT,
    "dedupedAt" TIMESTAMP(3),
    "reviewedById" TEXT,
    "reviewedByName" TEXT,
    "reviewedAt" TIMESTAMP(3),
    "rejectReason" TEXT,
    "datasetId" TEXT,
    "datasetItemKey" TEXT,
    "datasetVersion" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "FeedbackCandidate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CandidateOccurrence" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "candidateId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "sourceId" TEXT NOT NULL,
    "traceId" TEXT NOT NULL,
    "thumbs" INTEGER,
    "rating" INTEGER,
    "comment" TEXT,
    "tags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "scoreName" TEXT,
    "scoreValue" DOUBLE PRECISION,
    "userId" TEXT,
    "timestamp" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CandidateOccurrence_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CandidateRule" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "scoreName" TEXT NOT NULL,
    "below" DOUBLE PRECISION NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CandidateRule_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "FeedbackCandidate_projectId_status_lastSeenAt_idx" ON "FeedbackCandidate"("projectId", "status", "lastSeenAt" DESC);

-- CreateIndex
CREATE INDEX "FeedbackCandidate_status_dedupedAt_idx" ON "FeedbackCandidate"("status", "dedupedAt");

-- CreateIndex
CREATE UNIQUE INDEX "FeedbackCandidate_projectId_inputHash_key" ON "FeedbackCandidate"("projectId", "inputHash");

-- CreateIndex
CREATE INDEX "CandidateOccurrence_candidateId_timestamp_idx" ON "CandidateOccurrence"("candidateId", "timestamp");

-- CreateIndex
CREATE UNIQUE INDEX "CandidateOccurrence_projectId_kind_sourceId_key" ON "CandidateOccurrence"("projectId", "kind", "sourceId");

-- CreateIndex
CREATE UNIQUE INDEX "CandidateRule_projectId_scoreName_key" ON "CandidateRule"("projectId", "scoreName");

-- AddForeignKey
ALTER TABLE "FeedbackCandidate" ADD CONSTRAINT "FeedbackCandidate_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CandidateOccurrence" ADD CONSTRAINT "CandidateOccurrence_candidateId_fkey" FOREIGN KEY ("candidateId") REFERENCES "FeedbackCandidate"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CandidateRule" ADD CONSTRAINT "CandidateRule_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;
