-- AlterTable
ALTER TABLE "AnnotationItem" ADD COLUMN     "gold" JSONB;
