-- AlterEnum
ALTER TYPE "ApiKeyScope" ADD VALUE 'run';
