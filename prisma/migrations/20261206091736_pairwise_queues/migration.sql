-- CreateEnum
CREATE TYPE "AnnotationQueueKind" AS ENUM ('single', 'pairwise');

-- AlterTable
ALTER TABLE "AnnotationItem" ADD COLUMN     "traceIdB" TEXT;

-- AlterTable
ALTER TABLE "AnnotationQueue" ADD COLUMN     "kind" "AnnotationQueueKind" NOT NULL DEFAULT 'single',
ADD COLUMN     "promptAName" TEXT,
ADD COLUMN     "promptAVersion" INTEGER,
ADD COLUMN     "promptBName" TEXT,
ADD COLUMN     "promptBVersion" INTEGER;

-- CreateIndex
CREATE UNIQUE INDEX "AnnotationItem_queueId_traceIdB_key" ON "AnnotationItem"("queueId", "traceIdB");
