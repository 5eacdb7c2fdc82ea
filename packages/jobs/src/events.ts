import { eventType } from "inngest";
import { z } from "zod";
import { ZOnlineBackfillData, ZOnlineTracesEndedData } from "@yardstick/contracts/online-evals";

// Every event Yardstick sends to Inngest, with the zod schema of its data. Functions trigger on
// these objects and senders build events with them, so the two cannot disagree; the SDK
// validates the data at run time (an invalid event fails its run without retries).

export const ZProjectPingData = z.object({
  projectId: z.string().min(1),
  // Who asked for it, shown in the run's output.
  requestedBy: z.string().min(1).optional(),
  // Seconds the job sleeps between its two steps (exercises step.sleep end to end).
  sleepSeconds: z.number().int().min(0).max(3600).optional(),
});

export const projectPing = eventType("yardstick/project.ping", { schema: ZProjectPingData });

export type TProjectPingData = z.infer<typeof ZProjectPingData>;

// An experiment run was created (queued): the experiment-run function drives its chunks.
export const ZExperimentRequestedData = z.object({
  projectId: z.string().min(1),
  runId: z.string().min(1),
});

export const experimentRequested = eventType("yardstick/experiment.requested", { schema: ZExperimentRequestedData });

export type TExperimentRequestedData = z.infer<typeof ZExperimentRequestedData>;

// A calibration run was created (running, no judgments yet): the calibration-run function judges it.
export const ZCalibrationRequestedData = z.object({
  projectId: z.string().min(1),
  runId: z.string().min(1),
});

export const calibrationRequested = eventType("yardstick/calibration.requested", { schema: ZCalibrationRequestedData });

export type TCalibrationRequestedData = z.infer<typeof ZCalibrationRequestedData>;

// Queue the negative feedback of the last `days` days that is not in the candidate queue yet.
export const ZCandidateBackfillData = z.object({
  projectId: z.string().min(1),
  days: z.number().int().min(1).max(365),
});

export const candidateBackfillRequested = eventType("yardstick/candidates.backfill.requested", {
  schema: ZCandidateBackfillData,
});

export type TCandidateBackfillData = z.infer<typeof ZCandidateBackfillData>;

// Traces got an explicit end marker (trace.end()): online evaluators judge them without the idle wait.
export const onlineTracesEnded = eventType("yardstick/online-eval.traces.ended", { schema: ZOnlineTracesEndedData });

// A backfill of an online evaluator rule over a past window was created.
export const onlineBackfillRequested = eventType("yardstick/online-eval.backfill.requested", {
  schema: ZOnlineBackfillData,
});
// A drift report was created (running, no findings yet): the drift-report function fills it.
export const ZDriftReportRequestedData = z.object({
  projectId: z.string().min(1),
  reportId: z.string().min(1),
});

export const driftReportRequested = eventType("yardstick/drift.report.requested", {
  schema: ZDriftReportRequestedData,
});

export type TDriftReportRequestedData = z.infer<typeof ZDriftReportRequestedData>;

// One alert notification to one channel (an AlertDelivery row): the alert-deliver function sends it.
export const ZAlertDeliverData = z.object({
  projectId: z.string().min(1),
  deliveryId: z.string().min(1),
});

export const alertDeliverRequested = eventType("yardstick/alert.deliver.requested", { schema: ZAlertDeliverData });

export type TAlertDeliverData = z.infer<typeof ZAlertDeliverData>;
