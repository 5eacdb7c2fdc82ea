import { z } from "zod";
import { ZId } from "@yardstick/contracts/common";
import {
  ZCreateOnlineExperimentRequest,
  ZUpdateOnlineExperimentRequest,
  ZVariantKey,
} from "@yardstick/contracts/online-experiments";
import {
  createOnlineExperiment,
  deleteOnlineExperiment,
  getOnlineExperiment,
  listOnlineExperiments,
  onlineExperimentReadout,
  pauseOnlineExperiment,
  rebucketOnlineExperiment,
  shipOnlineExperiment,
  startOnlineExperiment,
  stopOnlineExperiment,
  updateOnlineExperiment,
} from "@yardstick/server/services/online-experiments";
import { projectProcedure, requireRole, router } from "../trpc";

const member = projectProcedure.use(requireRole("MEMBER"));
const admin = projectProcedure.use(requireRole("ADMIN"));
const ZExperimentRef = z.object({ experimentId: ZId });
const ZNote = z.string().trim().max(2000, "Note must be at most 2,000 characters").optional();

// Online experiments: VIEWER reads (list, get, readout); MEMBER+ creates, edits, starts, pauses,
// stops, re-buckets and ships (moving a protected "production" label needs ADMIN, checked by the
// prompts service); ADMIN deletes.
export const onlineExperimentsRouter = router({
  list: projectProcedure.query(({ input }) => listOnlineExperiments(input.projectId)),
  get: projectProcedure
    .input(ZExperimentRef)
    .query(({ input }) => getOnlineExperiment(input.projectId, input.experimentId)),
  readout: projectProcedure
    .input(ZExperimentRef)
    .query(({ input }) => onlineExperimentReadout(input.projectId, input.experimentId)),
  create: member
    .input(ZCreateOnlineExperimentRequest)
    .mutation(({ ctx, input }) => createOnlineExperiment(input.projectId, ctx.userId, input)),
  update: member
    .input(ZUpdateOnlineExperimentRequest)
    .mutation(({ input }) => updateOnlineExperiment(input.projectId, input)),
  start: member
    .input(ZExperimentRef)
    .mutation(({ input }) => startOnlineExperiment(input.projectId, input.experimentId)),
  pause: member
    .input(ZExperimentRef)
    .mutation(({ input }) => pauseOnlineExperiment(input.projectId, input.experimentId)),
  stop: member
    .input(ZExperimentRef.extend({ note: ZNote }))
    .mutation(({ input }) => stopOnlineExperiment(input.projectId, input.experimentId, input.note)),
  rebucket: member
    .input(ZExperimentRef)
    .mutation(({ input }) => rebucketOnlineExperiment(input.projectId, input.experimentId)),
  ship: member
    .input(ZExperimentRef.extend({ variantKey: ZVariantKey, note: ZNote }))
    .mutation(({ ctx, input }) =>
      shipOnlineExperiment(input.projectId, { userId: ctx.userId, role: ctx.membership.role }, input),
    ),
  delete: admin
    .input(ZExperimentRef)
    .mutation(({ input }) => deleteOnlineExperiment(input.projectId, input.experimentId)),
});
