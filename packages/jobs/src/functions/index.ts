import { jobsHeartbeatFn } from "./jobs-heartbeat.cron";
import { projectPingFn } from "./project-ping";

/** Every function served at /api/inngest. */
export const functions = [projectPingFn, jobsHeartbeatFn];
