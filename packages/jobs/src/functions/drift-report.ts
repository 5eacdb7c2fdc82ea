import {
  failDriftReport,
  getDriftReport,
  judgeFindings,
  qualityFindings,
  storeDriftReport,
  trafficFindings,
} from "@yardstick/server/services/drift";
import { inngest } from "../client";
import { driftReportRequested } from "../events";

/**
 * Fills a running drift report: the judge anchors (model calls), quality per score, sampled
 * traffic, then stores the findings in one transaction. Each part is a step, so a retry redoes
 * only what did not finish; exhausted retries mark the report failed.
 */
export const driftReportFn = inngest.createFunction(
  {
    id: "drift-report",
    name: "Drift report",
    triggers: [driftReportRequested],
    concurrency: [{ key: "event.data.projectId", limit: 1 }],
    retries: 2,
    onFailure: async ({ event, error }) => {
      const { projectId, reportId } = event.data.event.data as { projectId: string; reportId: string };
      await failDriftReport(projectId, reportId, `The report's job failed: ${error.message}`).catch(() => {});
    },
  },
  async ({ event, step }) => {
    const { projectId, reportId } = event.data;
    const report = await step.run("load", async () => {
      const r = await getDriftReport(projectId, reportId);
      return { status: r.status };
    });
    if (report.status !== "running") return { reportId, status: report.status };
    const judges = await step.run("judge-anchors", () => judgeFindings(projectId));
    const quality = await step.run("quality", async () =>
      qualityFindings(projectId, await getDriftReport(projectId, reportId)),
    );
    const traffic = await step.run("traffic", async () =>
      trafficFindings(projectId, await getDriftReport(projectId, reportId)),
    );
    const done = await step.run("store", async () => {
      const r = await storeDriftReport(projectId, reportId, { judges, quality, traffic });
      return { status: r.status, findings: r.findingCount, flagged: r.flaggedCount, judgeChanged: r.judgeChanged };
    });
    return { reportId, ...done };
  },
);
