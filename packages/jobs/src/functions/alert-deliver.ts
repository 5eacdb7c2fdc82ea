import { DeliveryFailedError, deliverAlert, giveUpDelivery } from "@yardstick/server/services/alerts";
import { NonRetriableError } from "inngest";
import { inngest } from "../client";
import { alertDeliverRequested } from "../events";

/**
 * Sends one notification (signed webhook or Slack message, 5 s timeout). A failed send throws so
 * the step is retried with the server's backoff (4 attempts in all); a 4xx answer or a deleted
 * channel is not retried. A delivered notification is never sent twice.
 */
export const alertDeliverFn = inngest.createFunction(
  {
    id: "alert-deliver",
    name: "Alert delivery",
    triggers: [alertDeliverRequested],
    concurrency: [{ key: "event.data.projectId", limit: 4 }],
    retries: 3,
    onFailure: async ({ event, error }) => {
      const { deliveryId } = event.data.event.data as { deliveryId: string };
      await giveUpDelivery(deliveryId, error.message).catch(() => {});
    },
  },
  async ({ event, step, attempt }) => {
    const { projectId, deliveryId } = event.data;
    return step.run("send", async () => {
      try {
        return await deliverAlert(projectId, deliveryId, attempt);
      } catch (e) {
        if (e instanceof DeliveryFailedError && !e.retriable) throw new NonRetriableError(e.message);
        throw e;
      }
    });
  },
);
