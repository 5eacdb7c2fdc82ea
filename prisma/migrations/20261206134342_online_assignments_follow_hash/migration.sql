-- AlterTable
ALTER TABLE "OnlineExperiment" ADD COLUMN     "assignmentsFollowHash" BOOLEAN NOT NULL DEFAULT true;

-- Experiments started before this column existed may have had their weights or coverage edited
-- (not recorded): they keep reading the stored assignment before answering.
UPDATE "OnlineExperiment" SET "assignmentsFollowHash" = false WHERE "status" <> 'draft';
