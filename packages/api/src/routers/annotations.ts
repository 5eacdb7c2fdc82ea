import { z } from "zod";
import { ZId } from "@yardstick/contracts/common";
import {
  addAnnotationGoldItem,
  annotationQueueReport,
  createAnnotationQueue,
  createPairwiseAnnotationQueue,
  deleteAnnotationQueue,
  fillAnnotationQueue,
  getAnnotationQueue,
  labelAnnotationItem,
  labelPairwiseItem,
  listAnnotationQueues,
  nextAnnotationItem,
  nextPairwiseItem,
  skipAnnotationItem,
} from "@yardstick/server/services/annotations";
import { projectProcedure, requireRole, router } from "../trpc";

const member = projectProcedure.use(requireRole("MEMBER"));
const admin = projectProcedure.use(requireRole("ADMIN"));

// Annotation queues: VIEWER reads reports; MEMBER+ labels (and fills); ADMIN creates and deletes
// queues. The queue definition is validated by the shared contract in the service, so its
// messages name the field (e.g. "rate: Sampling rate must be at most 1").
export const annotationsRouter = router({
  list: projectProcedure.query(({ input }) => listAnnotationQueues(input.projectId)),
  get: projectProcedure
    .input(z.object({ queueId: ZId }))
    .query(({ input }) => getAnnotationQueue(input.projectId, input.queueId)),
  create: admin
    .input(z.object({ queue: z.unknown() }))
    .mutation(({ input }) => createAnnotationQueue(input.projectId, input.queue as never)),
  createPairwise: admin
    .input(z.object({ queue: z.unknown() }))
    .mutation(({ input }) => createPairwiseAnnotationQueue(input.projectId, input.queue as never)),
  delete: admin
    .input(z.object({ queueId: ZId }))
    .mutation(({ input }) => deleteAnnotationQueue(input.projectId, input.queueId)),
  addGold: admin
    .input(z.object({ queueId: ZId, traceId: z.string().min(1).max(200), value: z.unknown() }))
    .mutation(({ input }) => addAnnotationGoldItem(input.projectId, input)),
  fill: member
    .input(z.object({ queueId: ZId }))
    .mutation(({ input }) => fillAnnotationQueue(input.projectId, input.queueId)),
  next: member
    .input(z.object({ queueId: ZId }))
    .mutation(({ ctx, input }) => nextAnnotationItem(input.projectId, input.queueId, ctx.userId)),
  nextPair: member
    .input(z.object({ queueId: ZId }))
    .mutation(({ ctx, input }) => nextPairwiseItem(input.projectId, input.queueId, ctx.userId)),
  skip: member
    .input(z.object({ queueId: ZId, itemId: ZId }))
    .mutation(({ ctx, input }) => skipAnnotationItem(input.projectId, input.queueId, ctx.userId, input.itemId)),
  label: member
    .input(
      z.object({
        queueId: ZId,
        itemId: ZId,
        value: z.unknown(),
        tags: z.array(z.string()).max(30).optional(),
        comment: z.string().max(5000).nullable().optional(),
      }),
    )
    .mutation(({ ctx, input }) => labelAnnotationItem(input.projectId, ctx.userId, input as never)),
  // a pairwise item: the choice is what the reviewer saw (left / right); the service maps it to A / B
  labelPair: member
    .input(
      z.object({
        queueId: ZId,
        itemId: ZId,
        choice: z.unknown(),
        tags: z.array(z.string()).max(30).optional(),
        comment: z.string().max(5000).nullable().optional(),
      }),
    )
    .mutation(({ ctx, input }) => labelPairwiseItem(input.projectId, ctx.userId, input as never)),
  report: projectProcedure
    .input(z.object({ queueId: ZId }))
    .query(({ input }) => annotationQueueReport(input.projectId, input.queueId)),
});
