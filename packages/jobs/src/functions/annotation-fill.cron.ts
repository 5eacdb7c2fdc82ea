import { fillAllAnnotationQueues } from "@yardstick/server/services/annotations";
import { cron } from "inngest";
import { inngest } from "../client";

/**
 * Every five minutes: adds the traces each annotation queue samples from new traffic (under its
 * daily cap). Sampling is deterministic per (queue, trace) and items are unique per queue, so a
 * retried or duplicated tick adds nothing twice.
 */
export const annotationFillFn = inngest.createFunction(
  { id: "annotation-fill", name: "Annotation queue fill", triggers: [cron("*/5 * * * *")], retries: 2 },
  async ({ step }) => {
    const filled = await step.run("fill", () => fillAllAnnotationQueues());
    return { queues: filled.length, added: filled.reduce((s, f) => s + f.added, 0) };
  },
);
