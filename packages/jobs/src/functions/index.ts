import { alertDeliverFn } from "./alert-deliver";
import { alertsEvaluateFn } from "./alerts-evaluate.cron";
import { annotationFillFn } from "./annotation-fill.cron";
import { banditAllocationFn } from "./bandit-allocation.cron";
import { driftReportFn } from "./drift-report";
import { driftReportsFn } from "./drift-reports.cron";
import { calibrationRunFn } from "./calibration-run";
import { dashboardRollupsFn } from "./dashboard-rollups.cron";
import { candidateBackfillFn } from "./candidate-backfill";
import { candidateDedupeFn } from "./candidate-dedupe.cron";
import { experimentRunFn } from "./experiment-run";
import { jobsHeartbeatFn } from "./jobs-heartbeat.cron";
import { onlineEvalBackfillFn } from "./online-eval-backfill";
import { onlineEvalScanFn } from "./online-eval-scan.cron";
import { onlineEvalTracesEndedFn } from "./online-eval-traces-ended";
import { projectPingFn } from "./project-ping";
import { scheduledRunsFn } from "./scheduled-runs.cron";
import { traceRetentionFn } from "./trace-retention.cron";

/** Every function served at /api/inngest. */
export const functions = [
  projectPingFn,
  jobsHeartbeatFn,
  experimentRunFn,
  calibrationRunFn,
  scheduledRunsFn,
  traceRetentionFn,
  dashboardRollupsFn,
  candidateDedupeFn,
  candidateBackfillFn,
  annotationFillFn,
  banditAllocationFn,
  onlineEvalScanFn,
  onlineEvalTracesEndedFn,
  onlineEvalBackfillFn,
  driftReportFn,
  driftReportsFn,
  alertsEvaluateFn,
  alertDeliverFn,
];
