import { z } from "zod";
import { ZId } from "@yardstick/contracts/common";
import { ZDriftSettingsInput } from "@yardstick/contracts/watch";
import { driftReportRequested } from "@yardstick/jobs";
import {
  createDriftReport,
  failDriftReport,
  getDriftReport,
  getDriftSettings,
  listDriftReports,
  listJudgeAnchors,
  setJudgeAnchor,
  updateDriftSettings,
} from "@yardstick/server/services/drift";
import { enqueueJob } from "../enqueue";
import { projectProcedure, requireRole, router } from "../trpc";

const member = projectProcedure.use(requireRole("MEMBER"));

// Drift reports: VIEWER reads reports and settings; MEMBER+ changes settings, marks judge anchors
// and starts a report now (it runs in the drift-report job; the page polls).
export const driftRouter = router({
  settings: projectProcedure.query(({ input }) => getDriftSettings(input.projectId)),
  updateSettings: member.input(ZDriftSettingsInput.extend({ projectId: ZId })).mutation(({ input }) => {
    const { projectId, ...data } = input;
    return updateDriftSettings(projectId, data);
  }),
  list: projectProcedure.query(({ input }) => listDriftReports(input.projectId)),
  get: projectProcedure
    .input(z.object({ reportId: ZId }))
    .query(({ input }) => getDriftReport(input.projectId, input.reportId)),
  runNow: member.mutation(async ({ ctx, input }) => {
    const report = await createDriftReport(input.projectId, ctx.userId, "manual");
    await enqueueJob(driftReportRequested.create({ projectId: input.projectId, reportId: report.id }), (message) =>
      failDriftReport(input.projectId, report.id, message),
    );
    return report;
  }),
  anchors: projectProcedure.query(({ input }) => listJudgeAnchors(input.projectId)),
  setAnchor: member
    .input(z.object({ setId: ZId, anchor: z.boolean({ error: "anchor must be true or false" }) }))
    .mutation(({ input }) => setJudgeAnchor(input.projectId, input.setId, input.anchor)),
});
