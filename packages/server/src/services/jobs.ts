import { listProjectJobRuns } from "@yardstick/db";
import { z } from "zod";

// Background jobs of a project: the runs the embedded executor recorded (runs carry the
// projectId of their event).

export const ZListJobRunsInput = z.object({ limit: z.number().int().min(1).max(200).default(100) });

// Function ids are "<app id>-<function id>"; the app is "yardstick" (packages/jobs/src/client.ts).
const APP_PREFIX = "yardstick-";

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
