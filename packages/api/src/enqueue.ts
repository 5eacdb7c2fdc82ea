import { inngest } from "@yardstick/jobs";
import { AppError } from "@yardstick/server";

type TEvent = Parameters<typeof inngest.send>[0];

/**
 * Sends a job's event; when the job server does not take it, `onRefused` records that on the row
 * the job would have driven (so nothing stays queued forever) and the caller gets
 * precondition_failed with the reason.
 */
export async function enqueueJob(event: TEvent, onRefused: (message: string) => Promise<unknown>) {
  try {
    const { ids } = await inngest.send(event);
    return ids[0] ?? null;
  } catch (err) {
    const message = `The job server did not take the event: ${(err as Error).message}`;
    await onRefused(message).catch((e: unknown) => console.error("could not record a refused job", e));
    // AppError: tRPC maps it to PRECONDITION_FAILED, the public API to 412.
    throw new AppError("precondition_failed", message);
  }
}
