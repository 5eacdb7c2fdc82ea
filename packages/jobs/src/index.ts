import { serve } from "inngest/next";
import { inngest } from "./client";
import { functions } from "./functions";

export { inngest } from "./client";
export { functions } from "./functions";
export { readJobsEnv, jobsServerKind, type TJobsEnv } from "./env";
export * from "./events";

/** The handlers of the Inngest route, mounted at /api/inngest in apps/web. */
export function serveHandlers() {
  return serve({ client: inngest, functions });
}
