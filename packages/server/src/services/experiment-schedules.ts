import { Cron } from "croner";
import {
  EXPERIMENT_PARTITIONS,
  ZScheduledRunInput,
  type TCreateExperimentRunRequest,
} from "@yardstick/contracts/experiments";
import { formatZodIssues } from "@yardstick/contracts/ingest";
import {
  claimScheduledRunSlot,
  deleteScheduledRunRow,
  findScheduledRunRow,
  insertScheduledRun,
  listEnabledScheduledRuns,
  listScheduledRunRows,
  setScheduledRunLastRun,
  updateScheduledRunRow,
  type TScheduleData,
} from "@yardstick/db";
import type { z } from "zod";
import { AppError } from "../errors";
import { resolveRunDefinition } from "./experiment-definition";
import { createExperimentRun } from "./experiments";

// Scheduled runs: CRUD, which are due (the cron job asks every minute), and starting one. The job
// itself (packages/jobs) calls dueSchedules(now) and startScheduledRun for each, then runs the run.

type TScheduleInput = z.output<typeof ZScheduledRunInput>;
type TScheduleRow = NonNullable<Awaited<ReturnType<typeof findScheduledRunRow>>>;

function cronOf(expr: string, field = "cron"): Cron {
  if (expr.trim().split(/\s+/).length !== 5) {
    throw new AppError(
      "invalid_input",
      "Use a five-field cron expression: minute hour day-of-month month day-of-week",
      field,
    );
  }
  try {
    return new Cron(expr, { paused: true, timezone: "UTC" });
  } catch (e) {
    throw new AppError(
      "invalid_input",
      `Invalid cron expression: ${(e as Error).message.replace(/^CronPattern: /, "")}`,
      field,
    );
  }
}

/** The run definition a schedule starts (labels resolve when it is resolved). */
function runDefinitionOf(
  s: Pick<
    TScheduleRow,
    "name" | "datasetId" | "partitions" | "promptId" | "promptLabel" | "graders" | "repeats" | "concurrency"
  >,
): TCreateExperimentRunRequest {
  return {
    datasetId: s.datasetId,
    partitions: s.partitions.length === EXPERIMENT_PARTITIONS.length ? undefined : s.partitions,
    arms: [{ promptId: s.promptId, label: s.promptLabel }],
    graders: s.graders as TCreateExperimentRunRequest["graders"],
    repeats: s.repeats,
    concurrency: s.concurrency,
    name: `${s.name} (scheduled)`,
  };
}

function parseSchedule(raw: unknown): TScheduleInput {
  const parsed = ZScheduledRunInput.safeParse(raw);
  if (!parsed.success)
    throw new AppError(
      "invalid_input",
      formatZodIssues(parsed.error),
      parsed.error.issues[0]!.path.join(".") || undefined,
    );
  return parsed.data;
}

/** Checks the schedule as a run definition now (dataset, label, graders), so a broken one is refused at save. */
async function validated(projectId: string, input: TScheduleInput): Promise<TScheduleData> {
  cronOf(input.cron);
  const data: TScheduleData = {
    ...input,
    partitions: input.partitions ?? [...EXPERIMENT_PARTITIONS],
    graders: input.graders,
  };
  await resolveRunDefinition(projectId, runDefinitionOf(data)).catch((e: unknown) => {
    // The definition's fields are named as a run's; name the schedule's instead.
    if (!(e instanceof AppError) || !e.field?.startsWith("arms.0.")) throw e;
    throw new AppError(e.code, e.message, e.field.endsWith("promptId") ? "promptId" : "promptLabel");
  });
  return data;
}

const view = (s: TScheduleRow) => ({ ...s, nextRunAt: cronOf(s.cron).nextRun(s.lastRunAt ?? s.createdAt) });

export async function listScheduledRuns(projectId: string) {
  return (await listScheduledRunRows(projectId)).map(view);
}

export async function createScheduledRun(projectId: string, userId: string | null, raw: unknown) {
  const data = await validated(projectId, parseSchedule(raw));
  const row = await insertScheduledRun(projectId, userId, data);
  if (!row) throw new AppError("conflict", `A schedule named "${data.name}" already exists in this project`, "name");
  return view(row);
}

export async function updateScheduledRun(projectId: string, scheduleId: string, raw: unknown) {
  const current = await findScheduledRunRow(projectId, scheduleId);
  if (!current) throw new AppError("not_found", "Schedule not found");
  const { id: _id, projectId: _p, lastRunId: _l, lastRunAt: _a, createdAt: _c, updatedAt: _u, ...rest } = current;
  const data = await validated(projectId, parseSchedule({ ...rest, ...(raw as object) }));
  const res = await updateScheduledRunRow(projectId, scheduleId, data);
  if (res === "name_taken")
    throw new AppError("conflict", `A schedule named "${data.name}" already exists in this project`, "name");
  if (res === null) throw new AppError("not_found", "Schedule not found");
  return view((await findScheduledRunRow(projectId, scheduleId))!);
}

export async function deleteScheduledRun(projectId: string, scheduleId: string) {
  if (!(await deleteScheduledRunRow(projectId, scheduleId))) throw new AppError("not_found", "Schedule not found");
}

/** Enabled schedules whose next fire time (after their last start, or their creation) is not after `now`. */
export async function dueSchedules(now: Date) {
  const rows = await listEnabledScheduledRuns();
  return rows.flatMap((s) => {
    let next: Date | null;
    try {
      next = cronOf(s.cron).nextRun(s.lastRunAt ?? s.createdAt);
    } catch {
      return [];
    }
    return next && next.getTime() <= now.getTime()
      ? [{ scheduleId: s.id, projectId: s.projectId, name: s.name, dueAt: next }]
      : [];
  });
}

/**
 * Starts a due schedule's run (queued; the caller drives it). Null when it is not due (disabled,
 * or another tick already started this slot). The slot is claimed first, so a definition that no longer resolves (a label
 * removed) fails once per slot, not on every tick.
 */
export async function startScheduledRun(projectId: string, scheduleId: string, now: Date) {
  const s = await findScheduledRunRow(projectId, scheduleId);
  if (!s) throw new AppError("not_found", "Schedule not found");
  const due = cronOf(s.cron).nextRun(s.lastRunAt ?? s.createdAt);
  if (!s.enabled || !due || due.getTime() > now.getTime()) return null;
  if (!(await claimScheduledRunSlot(s.id, s.lastRunAt, now))) return null;
  const run = await createExperimentRun(projectId, null, runDefinitionOf(s), { scheduledRunId: s.id });
  await setScheduledRunLastRun(s.id, run.id);
  return run;
}
