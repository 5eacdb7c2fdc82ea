import { z } from "zod";
import { DATASET_LIMITS, ZDatasetItemId, ZDatasetPartition } from "@yardstick/core/datasets";
import { projectProcedure, requireRole, router } from "../trpc";
import { ZId } from "@yardstick/contracts/common";
import {
  addDatasetItem,
  addDatasetItemFromTrace,
  createDataset,
  deleteDataset,
  deleteDatasetItems,
  diffDatasetVersions,
  getDataset,
  getDatasetItem,
  listDatasetItems,
  listDatasets,
  updateDataset,
  updateDatasetItem,
} from "@yardstick/server/services/datasets";
import {
  exportDatasetJsonl,
  importDatasetFile,
  previewDatasetImport,
} from "@yardstick/server/services/dataset-import-export";

const ZDatasetName = z.string().trim().min(1, "Name is required").max(100, "Name must be at most 100 characters");
const ZDescription = z.string().trim().max(2000).nullable().optional();
const ZVersion = z.number().int().positive();
const ZMessage = z.string().trim().max(500).nullable().optional();
const ZFormat = z.enum(["jsonl", "csv"], { error: "Format must be jsonl or csv" });
// Size is checked again (in bytes) by the parser; this bounds the request itself.
const ZContent = z.string().max(DATASET_LIMITS.maxBytes, "The file is larger than 20 MB");

const member = projectProcedure.use(requireRole("MEMBER"));

// VIEWER reads; MEMBER+ edits. Every edit writes a new immutable version (or nothing).
export const datasetsRouter = router({
  list: projectProcedure.query(({ input }) => listDatasets(input.projectId)),
  get: projectProcedure
    .input(z.object({ datasetId: ZId }))
    .query(({ input }) => getDataset(input.projectId, input.datasetId)),
  create: member
    .input(z.object({ name: ZDatasetName, description: ZDescription }))
    .mutation(({ input }) => createDataset(input.projectId, input)),
  update: member
    .input(z.object({ datasetId: ZId, name: ZDatasetName.optional(), description: ZDescription }))
    .mutation(({ input }) => {
      const { projectId, datasetId, ...data } = input;
      return updateDataset(projectId, datasetId, data);
    }),
  delete: projectProcedure
    .use(requireRole("ADMIN"))
    .input(z.object({ datasetId: ZId }))
    .mutation(({ input }) => deleteDataset(input.projectId, input.datasetId)),
  items: projectProcedure
    .input(
      z.object({
        datasetId: ZId,
        version: ZVersion.optional(),
        partition: ZDatasetPartition.optional(),
        cursor: z.string().max(300).optional(),
        limit: z.number().int().min(1).max(500).default(50),
      }),
    )
    .query(({ input }) => listDatasetItems(input.projectId, input)),
  item: projectProcedure
    .input(z.object({ datasetId: ZId, itemId: ZDatasetItemId, version: ZVersion.optional() }))
    .query(({ input }) => getDatasetItem(input.projectId, input)),
  previewImport: member
    .input(z.object({ datasetId: ZId, format: ZFormat, content: ZContent }))
    .mutation(({ input }) => previewDatasetImport(input.projectId, input)),
  importFile: member
    .input(
      z.object({
        datasetId: ZId,
        format: ZFormat,
        content: ZContent,
        mode: z
          .enum(["append", "upsert", "replace"], { error: "Mode must be append, upsert or replace" })
          .default("append"),
        message: ZMessage,
      }),
    )
    .mutation(({ ctx, input }) => importDatasetFile(input.projectId, ctx.userId, input)),
  // `item` is validated by the shared item schema in the service, so errors name the field.
  addItem: member
    .input(z.object({ datasetId: ZId, item: z.unknown(), message: ZMessage }))
    .mutation(({ ctx, input }) => addDatasetItem(input.projectId, ctx.userId, input)),
  updateItem: member
    .input(z.object({ datasetId: ZId, itemId: ZDatasetItemId, item: z.unknown(), message: ZMessage }))
    .mutation(({ ctx, input }) => updateDatasetItem(input.projectId, ctx.userId, input)),
  deleteItems: member
    .input(z.object({ datasetId: ZId, itemIds: z.array(ZDatasetItemId).min(1).max(10_000), message: ZMessage }))
    .mutation(({ ctx, input }) => deleteDatasetItems(input.projectId, ctx.userId, input)),
  addFromTrace: member
    .input(
      z.object({
        datasetId: ZId,
        traceId: z.string().min(1).max(200),
        observationId: z.string().min(1).max(200).optional(),
        partition: ZDatasetPartition.default("distribution"),
        expectedOutput: z.enum(["trace-output", "none"]).default("trace-output"),
        tags: z.array(z.string().trim().min(1).max(100)).max(50).optional(),
      }),
    )
    .mutation(({ ctx, input }) => addDatasetItemFromTrace(input.projectId, ctx.userId, input)),
  exportJsonl: projectProcedure
    .input(z.object({ datasetId: ZId, version: ZVersion.optional() }))
    .query(({ input }) => exportDatasetJsonl(input.projectId, input)),
  diffVersions: projectProcedure
    .input(z.object({ datasetId: ZId, from: ZVersion, to: ZVersion }))
    .query(({ input }) => diffDatasetVersions(input.projectId, input)),
});
