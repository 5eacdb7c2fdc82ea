import { z } from "zod";
import { ZId } from "@yardstick/contracts/common";
import {
  ZBackfillRequest,
  ZCreateOnlineRuleRequest,
  ZOnlineEvalSettings,
  ZPlanInput,
  ZUpdateOnlineRuleRequest,
} from "@yardstick/contracts/online-evals";
import {
  applyEvalPlan,
  computeEvalPlan,
  createOnlineBackfill,
  createOnlineRule,
  failOnlineBackfill,
  getOnlineBackfill,
  getOnlineEvalSettings,
  getOnlineRule,
  listOnlineRuleSummaries,
  onlineRuleEstimates,
  onlineScoresPanel,
  plannerInputs,
  removeOnlineRule,
  setOnlineEvalSettings,
  updateOnlineRuleSettings,
} from "@yardstick/server/services/online-evals";
import { onlineBackfillRequested } from "@yardstick/jobs";
import { enqueueJob } from "../enqueue";
import { projectProcedure, requireRole, router } from "../trpc";

const member = projectProcedure.use(requireRole("MEMBER"));
const admin = projectProcedure.use(requireRole("ADMIN"));

// Online evaluators: VIEWER reads rules, estimates and plans; MEMBER+ creates, edits and backfills
// rules; ADMIN deletes rules, changes the project's idle timeout and applies a plan to every rule.
export const onlineEvalsRouter = router({
  list: projectProcedure.query(({ input }) => listOnlineRuleSummaries(input.projectId)),
  get: projectProcedure
    .input(z.object({ ruleId: ZId }))
    .query(({ input }) => getOnlineRule(input.projectId, input.ruleId)),
  estimates: projectProcedure
    .input(z.object({ ruleId: ZId, days: z.number().int().min(1).max(90).default(14) }))
    .query(({ input }) => onlineRuleEstimates(input.projectId, input.ruleId, input.days)),
  create: member.input(ZCreateOnlineRuleRequest).mutation(({ ctx, input }) => {
    const { projectId, ...rule } = input;
    return createOnlineRule(projectId, ctx.userId, rule);
  }),
  update: member.input(ZUpdateOnlineRuleRequest.extend({ ruleId: ZId })).mutation(({ input }) => {
    const { projectId, ruleId, ...data } = input;
    return updateOnlineRuleSettings(projectId, ruleId, data);
  }),
  delete: admin
    .input(z.object({ ruleId: ZId }))
    .mutation(({ input }) => removeOnlineRule(input.projectId, input.ruleId)),
  backfill: member.input(ZBackfillRequest.and(z.object({ ruleId: ZId }))).mutation(async ({ ctx, input }) => {
    const b = await createOnlineBackfill(input.projectId, ctx.userId, input.ruleId, input);
    await enqueueJob(onlineBackfillRequested.create({ projectId: input.projectId, backfillId: b.id }), (message) =>
      failOnlineBackfill(input.projectId, b.id, message),
    );
    return b;
  }),
  getBackfill: projectProcedure
    .input(z.object({ backfillId: ZId }))
    .query(({ input }) => getOnlineBackfill(input.projectId, input.backfillId)),
  settings: projectProcedure.query(({ input }) => getOnlineEvalSettings(input.projectId)),
  setSettings: admin.input(ZOnlineEvalSettings).mutation(({ input }) => setOnlineEvalSettings(input.projectId, input)),
  /** The dashboard's "Online scores" panel. */
  dashboardPanel: projectProcedure
    .input(z.object({ days: z.number().int().min(1).max(90).default(7) }))
    .query(({ input }) => onlineScoresPanel(input.projectId, input.days)),
  plannerInputs: projectProcedure.query(({ input }) => plannerInputs(input.projectId)),
  plan: projectProcedure.input(ZPlanInput).query(({ input }) => {
    const { projectId, ...plan } = input;
    return computeEvalPlan(projectId, plan);
  }),
  applyPlan: admin.input(ZPlanInput).mutation(({ input }) => {
    const { projectId, ...plan } = input;
    return applyEvalPlan(projectId, plan);
  }),
});
