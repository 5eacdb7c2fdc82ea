-- DropIndex
DROP INDEX "IngestedEvent_receivedAt_idx";

-- CreateIndex
CREATE INDEX "IngestedEvent_receivedAt_idx" ON "IngestedEvent" USING BRIN ("receivedAt");
