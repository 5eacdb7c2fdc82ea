import { isAppError } from "@yardstick/server";
import { judgeEndedTraces } from "@yardstick/server/services/online-evals";
import { NonRetriableError } from "inngest";
import { inngest } from "../client";
import { onlineTracesEnded } from "../events";

/**
 * Traces with an explicit end marker: judged by every enabled rule of the project right away (the
 * idle-timeout scan still covers them if this event is lost). Two runs per project at a time; the
 * provider's concurrency limit bounds the judge calls.
 */
export const onlineEvalTracesEndedFn = inngest.createFunction(
  {
    id: "online-eval-traces-ended",
    name: "Online evaluators: judge ended traces",
    triggers: [onlineTracesEnded],
    concurrency: [{ key: "event.data.projectId", limit: 2 }],
    retries: 3,
  },
  async ({ event, step }) => {
    const { projectId, traceIds } = event.data;
    return step.run("judge", async () => {
      try {
        return { results: await judgeEndedTraces(projectId, traceIds) };
      } catch (e) {
        if (isAppError(e)) throw new NonRetriableError(e.message);
        throw e;
      }
    });
  },
);
