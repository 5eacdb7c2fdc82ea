import { z } from "zod";
import { ZId } from "@yardstick/contracts/common";
import { ZAlertChannelInput, ZAlertRuleInput, ZAlertRuleUpdate } from "@yardstick/contracts/watch";
import { alertDeliverRequested } from "@yardstick/jobs";
import {
  acknowledgeAlertEvent,
  createAlertChannel,
  createAlertRule,
  deleteAlertChannel,
  deleteAlertRule,
  giveUpDelivery,
  listAlertChannels,
  listAlertEvents,
  listAlertRules,
  listAlertScoreNames,
  testFireAlertRule,
  updateAlertRule,
} from "@yardstick/server/services/alerts";
import { enqueueJob } from "../enqueue";
import { projectProcedure, requireRole, router } from "../trpc";

const member = projectProcedure.use(requireRole("MEMBER"));
const admin = projectProcedure.use(requireRole("ADMIN"));

// Alerts: VIEWER reads rules, channels (never their URLs or secrets) and history; MEMBER+ edits
// rules, acknowledges and test-fires; ADMIN manages channels (outbound URLs and signing secrets).
export const alertsRouter = router({
  rules: projectProcedure.query(({ input }) => listAlertRules(input.projectId)),
  scoreNames: projectProcedure.query(({ input }) => listAlertScoreNames(input.projectId)),
  createRule: member.input(ZAlertRuleInput.extend({ projectId: ZId })).mutation(({ input }) => {
    const { projectId, ...data } = input;
    return createAlertRule(projectId, data);
  }),
  updateRule: member.input(ZAlertRuleUpdate.extend({ projectId: ZId, ruleId: ZId })).mutation(({ input }) => {
    const { projectId, ruleId, ...data } = input;
    return updateAlertRule(projectId, ruleId, data);
  }),
  deleteRule: member
    .input(z.object({ ruleId: ZId }))
    .mutation(({ input }) => deleteAlertRule(input.projectId, input.ruleId)),
  testFire: member.input(z.object({ ruleId: ZId })).mutation(async ({ input }) => {
    const r = await testFireAlertRule(input.projectId, input.ruleId);
    for (const d of r.deliveries) {
      await enqueueJob(alertDeliverRequested.create(d), (message) => giveUpDelivery(d.deliveryId, message));
    }
    return { eventId: r.eventId, deliveries: r.deliveries.length };
  }),
  channels: projectProcedure.query(({ input }) => listAlertChannels(input.projectId)),
  createChannel: admin.input(ZAlertChannelInput.extend({ projectId: ZId })).mutation(({ input }) => {
    const { projectId, ...data } = input;
    return createAlertChannel(projectId, data);
  }),
  deleteChannel: admin
    .input(z.object({ channelId: ZId }))
    .mutation(({ input }) => deleteAlertChannel(input.projectId, input.channelId)),
  events: projectProcedure.query(({ input }) => listAlertEvents(input.projectId)),
  acknowledge: member
    .input(z.object({ eventId: ZId }))
    .mutation(({ ctx, input }) => acknowledgeAlertEvent(input.projectId, input.eventId, ctx.userId)),
});
