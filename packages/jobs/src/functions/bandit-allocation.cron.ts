import { cron, type Inngest } from "inngest";
import { inngest } from "../client";

/**
 * Every minute: each running bandit whose own interval (banditIntervalMinutes) has passed gets
 * a new allocation computed from its rewards (burn-in, floor), stored as a new version. One step
 * per experiment, so one failing experiment does not hold back the others.
 */
export function createBanditAllocationFn(client: Inngest.Any) {
  return client.createFunction(
    { id: "bandit-allocation", name: "Bandit allocation", triggers: [cron("* * * * *")], retries: 2 },
    async ({ event, step }) => {
      const { listDueBandits, recomputeBanditAllocation } =
        await import("@yardstick/server/services/online-experiments");
      // the tick's time (the executor's clock), so a virtual clock drives it in tests
      const now = new Date(event.ts ?? Date.now());
      const due = await step.run("due", () => listDueBandits(now));
      const results: Array<{ experimentId: string; version: number | null }> = [];
      for (const e of due) {
        const r = await step.run(`allocate-${e.id}`, () => recomputeBanditAllocation(e.projectId, e.id, now));
        results.push({ experimentId: e.id, version: r.version });
      }
      return { results };
    },
  );
}

export const banditAllocationFn = createBanditAllocationFn(inngest);
