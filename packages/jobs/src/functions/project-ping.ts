import { inngest } from "../client";
import { projectPing } from "../events";

/**
 * A job with no business logic that proves the machinery end to end: sent from the Jobs page,
 * it runs a step, sleeps, runs another step, and its run is listed for the project.
 */
export const projectPingFn = inngest.createFunction(
  { id: "project-ping", name: "Project ping", triggers: [projectPing], retries: 2 },
  async ({ event, step }) => {
    const receivedAt = await step.run("receive", () => new Date().toISOString());
    if (event.data.sleepSeconds) await step.sleep("pause", `${event.data.sleepSeconds}s`);
    const answeredAt = await step.run("answer", () => new Date().toISOString());
    return { projectId: event.data.projectId, requestedBy: event.data.requestedBy ?? null, receivedAt, answeredAt };
  },
);
