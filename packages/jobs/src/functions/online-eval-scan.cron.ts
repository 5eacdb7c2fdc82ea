import { listOnlineRulesToScan, scanOnlineRule } from "@yardstick/server/services/online-evals";
import { cron } from "inngest";
import { inngest } from "../client";

/**
 * Every minute: for each enabled online evaluator rule, the traces of its filter that have been
 * idle for the project's timeout (default 3 minutes) are complete; sample and judge them. One
 * step per rule; the rule's cursor moves only after its traces are judged, so a failed step is
 * retried on the same traces (judging is idempotent per rule and grader version).
 */
export const onlineEvalScanFn = inngest.createFunction(
  {
    id: "online-eval-scan",
    name: "Online evaluators: judge completed traces",
    triggers: [cron("* * * * *")],
    concurrency: [{ limit: 1 }],
    retries: 2,
  },
  async ({ step, event }) => {
    // The tick's own time (the executor's clock), so a re-run judges the same window.
    const asOf = new Date((event as { ts?: number }).ts ?? Date.now());
    const rules = await step.run("rules", () => listOnlineRulesToScan());
    const results: Array<{ ruleId: string; traces: number; judged: number }> = [];
    for (const r of rules) {
      const res = await step.run(`rule-${r.ruleId}`, () => scanOnlineRule(r.projectId, r.ruleId, asOf));
      results.push({ ruleId: r.ruleId, traces: res?.traces ?? 0, judged: res?.outcome?.judged ?? 0 });
    }
    return { asOf: asOf.toISOString(), results };
  },
);
