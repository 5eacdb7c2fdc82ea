import { commitJobProgress, listJobSteps, type TClaimedJobRun, type TJobRunPatch } from "@yardstick/db";
import { callFunction, type TOp } from "./call";
import type { Clock } from "./clock";
import type { TFunctionDef } from "./registry";
import { retryAt, sleepUntil } from "./schedule";

export type TDriveContext = {
  owner: string;
  clock: Clock;
  signingKey: string;
  leaseMs: number;
  callTimeoutMs: number;
  /** Graceful stop: the run is queued again before its next call. */
  stopping: () => boolean;
  /** Emits inngest/function.failed so onFailure handlers run. */
  onFailed: (run: TClaimedJobRun, error: unknown) => Promise<void>;
};

/**
 * Drives one leased run with call requests until it completes, fails, sleeps or waits for a
 * retry. Every answer is stored before the next call, so a new executor resumes from there.
 */
export async function driveRun(x: TDriveContext, run: TClaimedJobRun, fn: TFunctionDef): Promise<void> {
  let attempt = run.attempt;
  let disableImmediate = false;
  const planned: TOp[] = [];
  // Set when the last answer was a step's final failure: the function failing on it next is
  // the same failed attempt, not another one.
  let stepJustFailed = false;
  const commit = (change: Parameters<typeof commitJobProgress>[2]) => commitJobProgress(run.id, x.owner, change);
  const stay = (): TJobRunPatch => ({ attempt: 0, leaseUntil: new Date(x.clock.now().getTime() + x.leaseMs) });

  const fail = async (error: unknown) => {
    const ok = await commit({ run: { status: "failed", error, endedAt: x.clock.now(), addFailure: !stepJustFailed } });
    if (ok) await x.onFailed(run, error);
  };
  const retry = async (error: unknown, retryAfter: string | null) => {
    if (attempt + 1 >= fn.maxAttempts) return fail(error);
    const nextRunAt = retryAt(x.clock.now(), attempt, retryAfter);
    await commit({ run: { status: "queued", attempt: attempt + 1, addFailure: true, error, nextRunAt } });
  };

  for (;;) {
    const now = x.clock.now();
    if (x.stopping()) {
      await commit({ run: { status: "queued", nextRunAt: now, attempt } });
      return;
    }
    const rows = await listJobSteps(run.id);
    // A sleep is memoized when reported but shown to the SDK only once it is over.
    const pendingWake = rows.flatMap((r) =>
      r.op === "Sleep" && sleepWake(r.result) > now ? [sleepWake(r.result)] : [],
    );
    const done = rows.filter((r) => !(r.op === "Sleep" && sleepWake(r.result) > now));
    if (!planned.length && pendingWake.length) {
      const nextRunAt = new Date(Math.min(...pendingWake.map((d) => d.getTime())));
      await commit({ run: { status: "sleeping", nextRunAt } });
      return;
    }
    const target = planned.shift();
    const outcome = await callFunction({
      url: fn.url,
      signingKey: x.signingKey,
      stepId: target?.id,
      timeoutMs: x.callTimeoutMs,
      body: {
        event: run.event,
        steps: Object.fromEntries(done.map((r) => [r.id, r.op === "Sleep" ? { data: null } : r.result])),
        stack: done.map((r) => r.id),
        runId: run.id,
        attempt,
        maxAttempts: fn.maxAttempts,
        disableImmediateExecution: disableImmediate,
      },
    });
    const at = x.clock.now();

    if (outcome.kind === "complete") {
      await commit({ run: { status: "completed", output: outcome.output, endedAt: at, error: null } });
      return;
    }
    if (outcome.kind === "error") {
      if (x.stopping()) {
        // Shutting down (the app may be gone first): queue again without counting an attempt.
        await commit({ run: { status: "queued", nextRunAt: at, attempt } });
        return;
      }
      if (outcome.retriable) await retry(outcome.error, outcome.retryAfter);
      else await fail(outcome.error);
      return;
    }
    stepJustFailed = false;
    if (outcome.ops.length > 1) disableImmediate = true;
    for (const op of outcome.ops) {
      let ok = true;
      switch (op.op) {
        case "RunComplete":
          await commit({ run: { status: "completed", output: op.data ?? null, endedAt: at, error: null } });
          return;
        case "StepRun":
          ok = await commit({
            step: { id: op.id, name: op.displayName ?? null, op: op.op, result: { data: op.data ?? null } },
            run: stay(),
          });
          attempt = 0;
          break;
        case "StepFailed": // retries exhausted or NonRetriableError: the SDK throws it into the function
          ok = await commit({
            step: { id: op.id, name: op.displayName ?? null, op: op.op, result: { error: op.error } },
            run: { ...stay(), addFailure: true },
          });
          attempt = 0;
          stepJustFailed = true;
          break;
        case "StepError":
          await retry(op.error, outcome.retryAfter);
          return;
        case "Sleep": {
          const wakeAt = sleepUntil(String(op.opts?.duration ?? op.name ?? ""), at).toISOString();
          ok = await commit({
            step: { id: op.id, name: op.displayName ?? null, op: op.op, result: { data: null, wakeAt } },
            run: stay(),
          });
          break;
        }
        case "StepPlanned":
          if (!planned.some((p) => p.id === op.id)) planned.push(op);
          break;
        default:
          await fail({ name: "NotSupported", message: `step op ${op.op} is not supported by the embedded executor` });
          return;
      }
      if (!ok) return; // lease lost or run cancelled
    }
  }
}

function sleepWake(result: unknown): Date {
  return new Date(String((result as { wakeAt?: string }).wakeAt ?? 0));
}
