import { listProjectJobRuns } from "@yardstick/db";
import { inngest, projectPing } from "@yardstick/jobs";
import { z } from "zod";
import { AppError } from "../errors";

// Background jobs of a project: the runs the embedded executor recorded (runs carry the
// projectId of their event), and a ping job to check the machinery from the Jobs page.

export const ZListJobRunsInput = z.object({ limit: z.number().int().min(1).max(200).default(100) });

const APP_PREFIX = `${inngest.id}-`;

export async function listJobRuns(projectId: string, limit: number) {
  const rows = await listProjectJobRuns(projectId, limit);
  return rows.map((r) => ({
    id: r.id,
    functionId: r.functionId.startsWith(APP_PREFIX) ? r.functionId.slice(APP_PREFIX.length) : r.functionId,
    status: r.status,
    // Calls that ran: every failure, plus the one in flight or that ended it.
    attempts: r.startedAt ? r.failures + (r.status === "failed" ? 0 : 1) : 0,
    steps: r._count.steps,
    createdAt: r.createdAt,
    startedAt: r.startedAt,
    durationMs: r.startedAt && r.endedAt ? r.endedAt.getTime() - r.startedAt.getTime() : null,
    error: errorMessage(r.error),
  }));
}

function errorMessage(error: unknown): string | null {
  if (!error || typeof error !== "object") return null;
  const e = error as { name?: unknown; message?: unknown };
  const message = typeof e.message === "string" ? e.message : JSON.stringify(error);
  return typeof e.name === "string" && e.name !== "Error" ? `${e.name}: ${message}` : message;
}

/** Sends a ping job for the project; PRECONDITION_FAILED when no job server takes events. */
export async function sendProjectPing(projectId: string, requestedBy: string) {
  try {
    const { ids } = await inngest.send(projectPing.create({ projectId, requestedBy, sleepSeconds: 1 }));
    return { eventId: ids[0] ?? null };
  } catch (err) {
    throw new AppError("PRECONDITION_FAILED", `The job server did not take the event: ${(err as Error).message}`);
  }
}
