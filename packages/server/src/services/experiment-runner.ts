import { ZExperimentRunConfig, type TExperimentRunConfig } from "@yardstick/contracts/experiments";
import type { TPromptMessage, TPromptParams, TPromptTool } from "@yardstick/contracts/prompts";
import { chunkCases, createRunAggregator, experimentSummary, type TCaseRecord } from "@yardstick/core/experiments";
import {
  findCacheEntries,
  findExperimentRunRow,
  findExperimentRunStatus,
  findExperimentSettings,
  findPromptVersionRow,
  findGraderVersionRow,
  insertCacheEntries,
  insertCaseResults,
  iterateCaseNumbers,
  listModelPriceRows,
  listRunItems,
  listStoredCaseKeys,
  transitionExperimentRun,
  type TCaseNumbers,
  type TCaseResultInput,
} from "@yardstick/db";
import { AppError } from "../errors";
import {
  FatalRunError,
  gradeKey,
  planCase,
  runCase,
  type TCachedOutput,
  type TCacheWrite,
  type TRunContext,
} from "./experiment-case";
import { parseConfigOrThrow } from "./graders";
import { llmAppError } from "./judge-runner";
import { checkPromptVersionRunnable } from "./prompts";
import { projectProviderSettings } from "./providers";

// Driving a run: a job (packages/jobs) calls runExperimentChunk for each chunk of cases in its own
// step, then finalizeExperimentRun; runExperimentInProcess does the same in this process (tests, and
// the app until the jobs package is wired). Every function is safe to call again: stored cases are
// skipped and inserts are idempotent, so a retried step never stores or bills a case twice.

/** Cases per chunk when driven in this process (tests, fallback): one chunk per call. */
export const EXPERIMENT_CHUNK_SIZE = 50;
/**
 * A job step takes cases until this much time has passed, then stops taking new ones and returns
 * where the next step starts. Steps sized by time, not count: a step boundary (every worker idle
 * while the slowest case of the chunk finishes, a call from the executor, the run's context loaded
 * again) then happens about once per 20 s whatever the provider's latency, and a step stays well
 * inside an HTTP request's limits.
 */
export const EXPERIMENT_STEP_BUDGET_MS = 20_000;
/** Results are written in batches of this many as they finish. */
const FLUSH_EVERY = 10;
const FINISHED = new Set(["completed", "failed", "cancelled"]);

export async function requireRun(projectId: string, runId: string) {
  const run = await findExperimentRunRow(projectId, runId);
  if (!run) throw new AppError("not_found", "Experiment run not found");
  return { ...run, config: ZExperimentRunConfig.parse(run.config) };
}

/** Prompt versions, grader configs, provider settings (with the run's concurrency) and prices. */
async function loadRunContext(projectId: string, config: TExperimentRunConfig): Promise<TRunContext> {
  const [settings, prices] = await Promise.all([projectProviderSettings(projectId), listModelPriceRows(projectId)]);
  const arms = await Promise.all(
    config.arms.map(async (a) => {
      const v = await findPromptVersionRow(a.promptId, a.promptVersion);
      if (!v)
        throw new AppError(
          "precondition_failed",
          `Prompt version ${a.promptName} v${a.promptVersion} no longer exists`,
        );
      const version = {
        model: v.model,
        params: v.params as TPromptParams,
        tools: (v.tools as TPromptTool[] | null) ?? null,
      };
      const kind = checkPromptVersionRunnable(version, settings);
      return { config: a, system: v.system, messages: v.messages as TPromptMessage[], ...version, kind };
    }),
  );
  const graders = await Promise.all(
    config.graders.map(async (g) => {
      const v = await findGraderVersionRow(g.graderId, g.version);
      if (!v) throw new AppError("precondition_failed", `Grader ${g.name} v${g.version} no longer exists`);
      return { config: g, grader: parseConfigOrThrow(v.config) };
    }),
  );
  // Concurrency is the run's; retries (honouring Retry-After) are the provider's, four per call.
  const judge = {
    settings: { ...settings, maxConcurrency: config.concurrency, maxRetries: 4, timeoutMs: 120_000 },
    prices,
  };
  return { projectId, arms, graders, judge };
}

/**
 * Most cases one call loads when no limit is given: 16 rounds of the run's concurrency. A budgeted
 * step normally ends on its time first; this bounds the items a step holds in memory.
 */
function stepCaseLimit(concurrency: number) {
  return Math.max(EXPERIMENT_CHUNK_SIZE, concurrency * 16);
}

export interface TChunkResult {
  status: string;
  totalCases: number;
  /**
   * Where the next chunk starts: offset + limit, or earlier when the chunk's time budget ran out
   * (every case before it is stored; the ones after it were not started).
   */
  nextOffset: number;
  /** Cases this call started (the chunk's cases not stored yet, fewer when its budget ran out). */
  processed: number;
  /** Cases this call stored (fewer than processed when a concurrent call stored some first). */
  inserted: number;
}

/**
 * Processes cases [offset, offset + limit) of the run (limit: stepCaseLimit by default) with the run's concurrency, writing results
 * as they finish. With `budgetMs`, stops taking new cases once that much time has passed and says
 * where to go on (`nextOffset`). Stops early when the run is cancelled; marks the run failed on a
 * fatal provider error (a refused key).
 */
export async function runExperimentChunk(
  projectId: string,
  runId: string,
  opts: { offset: number; limit?: number; budgetMs?: number },
): Promise<TChunkResult> {
  const deadline = opts.budgetMs === undefined ? Infinity : Date.now() + opts.budgetMs;
  const run = await requireRun(projectId, runId);
  const chunk = { offset: opts.offset, limit: opts.limit ?? stepCaseLimit(run.config.concurrency) };
  const end = Math.min(run.totalCases, chunk.offset + chunk.limit);
  const done = { totalCases: run.totalCases, nextOffset: end };
  if (FINISHED.has(run.status)) return { ...done, status: run.status, processed: 0, inserted: 0 };
  if (run.status === "queued") await transitionExperimentRun(run.id, ["queued"], "running", { startedAt: new Date() });
  const { config } = run;
  const { cases, firstItem, itemCount } = chunkCases(chunk, {
    totalCases: run.totalCases,
    arms: config.arms.length,
    repeats: config.repeats,
  });
  if (!cases.length) return { ...done, status: "running", processed: 0, inserted: 0 };
  const items = await listRunItems(run.datasetVersionId, run.partitions, firstItem, itemCount);
  const stored = await listStoredCaseKeys(
    run.id,
    items.map((i) => i.itemKey),
  );
  const ctx = await loadRunContext(projectId, config);
  const planned = cases
    .map((c, i) => ({ c, index: chunk.offset + i }))
    .filter(({ c }) => items[c.itemIndex - firstItem])
    .map(({ c, index }) => ({ index, ...planCase(items[c.itemIndex - firstItem]!, c.arm, c.repeat, ctx.arms[c.arm]!) }))
    .filter((c) => !stored.has(`${c.arm}|${c.repeat}|${c.item.itemKey}`));
  const cache = await findCacheEntries(
    projectId,
    planned.flatMap((c) => (c.outputKey ? [c.outputKey] : [])),
  );
  // Grades of the cached outputs, in one more query (an unchanged case then costs nothing at all).
  const gradeKeys = planned.flatMap((c) => {
    const out = c.outputKey ? (cache.get(c.outputKey) as TCachedOutput | undefined) : undefined;
    return out ? ctx.graders.flatMap((g) => gradeKey(g, c, out.text) ?? []) : [];
  });
  for (const [k, v] of await findCacheEntries(projectId, gradeKeys)) cache.set(k, v);

  // Taken with splice, never replaced: workers hold references to these arrays across awaits.
  const pending: TCaseResultInput[] = [];
  const writes: TCacheWrite[] = [];
  let inserted = 0;
  let cancelled = false;
  let flushing = Promise.resolve();
  const flush = () =>
    (flushing = flushing.then(async () => {
      const rows = pending.splice(0);
      const cacheRows = writes.splice(0);
      await insertCacheEntries(projectId, cacheRows);
      const r = await insertCaseResults(run.id, rows);
      inserted += r.inserted;
      if (r.status === "cancelled") cancelled = true;
    }));

  let next = 0;
  let fatal = null as FatalRunError | null;
  const worker = async () => {
    // The first case is always taken, so every call makes progress however short its budget.
    while (!cancelled && !fatal && next < planned.length && (next === 0 || Date.now() < deadline)) {
      const c = planned[next++]!;
      try {
        const row = await runCase(c, ctx, cache, writes);
        pending.push(row);
      } catch (e) {
        if (e instanceof FatalRunError) fatal ??= e;
        else throw e;
      }
      if (pending.length >= FLUSH_EVERY) await flush();
    }
  };
  await Promise.all(Array.from({ length: Math.min(config.concurrency, planned.length) }, worker));
  await flush();
  // Cases are taken in order: everything before the first one not taken is stored.
  const result = { totalCases: run.totalCases, nextOffset: planned[next]?.index ?? end, processed: next, inserted };
  if (fatal) {
    const message = llmAppError(fatal.llmError, fatal.model).message;
    await transitionExperimentRun(run.id, ["queued", "running"], "failed", { error: message, endedAt: new Date() });
    return { ...result, status: "failed" };
  }
  return { ...result, status: cancelled ? "cancelled" : "running" };
}

function caseRecord(r: TCaseNumbers, config: TExperimentRunConfig): TCaseRecord {
  return {
    arm: r.arm,
    itemKey: r.itemKey,
    repeat: r.repeat,
    partition: r.partition,
    error: r.errored,
    cached: r.cached,
    latencyMs: r.latencyMs,
    inputTokens: r.inputTokens,
    outputTokens: r.outputTokens,
    costUsd: r.costUsd,
    passed: r.passed,
    // Stored in config order; an errored case has no grades (each grader counts as failed).
    graders: r.errored
      ? []
      : config.graders.map((_, i) => ({ score: r.grades[i]?.score ?? null, passed: r.grades[i]?.passed ?? false })),
  };
}

/** Aggregates the stored cases (streamed, numbers only), applies the gates and writes verdict and summary. */
export async function finalizeExperimentRun(projectId: string, runId: string) {
  const run = await requireRun(projectId, runId);
  if (FINISHED.has(run.status)) return { status: run.status, verdict: run.verdict };
  if (run.doneCases < run.totalCases) {
    throw new AppError(
      "precondition_failed",
      `${run.totalCases - run.doneCases} of ${run.totalCases} cases are not processed yet`,
    );
  }
  const settings = await findExperimentSettings(projectId);
  const agg = createRunAggregator(run.config);
  for await (const r of iterateCaseNumbers(run.id)) agg.add(caseRecord(r, run.config));
  const summary = experimentSummary(agg.result(), run.config, settings);
  await transitionExperimentRun(run.id, ["queued", "running"], "completed", {
    verdict: summary.verdict,
    summary,
    endedAt: new Date(),
    ...(run.startedAt ? {} : { startedAt: new Date() }),
  });
  return { status: "completed", verdict: summary.verdict };
}

/**
 * Runs every chunk in order in this process, checking for cancellation between chunks, then
 * finalizes. Never throws: an unexpected failure is recorded on the run (status failed).
 */
export async function runExperimentInProcess(projectId: string, runId: string, opts: { chunkSize?: number } = {}) {
  try {
    const run = await requireRun(projectId, runId);
    const limit = opts.chunkSize ?? EXPERIMENT_CHUNK_SIZE;
    for (let offset = 0; offset < run.totalCases; offset += limit) {
      const status = await findExperimentRunStatus(run.id);
      if (!status || FINISHED.has(status)) return;
      const r = await runExperimentChunk(projectId, run.id, { offset, limit });
      if (FINISHED.has(r.status)) return;
    }
    await finalizeExperimentRun(projectId, run.id);
  } catch (e) {
    console.error("experiment run failed", runId, e);
    const message = e instanceof AppError ? e.message : "internal error while running the experiment";
    await transitionExperimentRun(runId, ["queued", "running"], "failed", {
      error: message,
      endedAt: new Date(),
    }).catch(() => {});
  }
}

/** Marks a queued or running run failed with `message` (its job could not be enqueued or gave up). */
export async function failExperimentRun(projectId: string, runId: string, message: string) {
  const run = await requireRun(projectId, runId);
  await transitionExperimentRun(run.id, ["queued", "running"], "failed", { error: message, endedAt: new Date() });
}
