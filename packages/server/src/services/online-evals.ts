import { randomBytes } from "node:crypto";
import {
  ZOnlineEvalMapping,
  ZOnlineSampling,
  type TCreateOnlineRuleParsed,
  type TOnlineEvalMapping,
  type TOnlineSampling,
  type TPlanInput,
  type TUpdateOnlineRuleParsed,
} from "@yardstick/contracts/online-evals";
import { resolveModelPrice } from "@yardstick/core/cost";
import {
  GraderConfigError,
  GraderInputError,
  isJudgeGraderType,
  runDeterministicGrader,
  type TGradeResult,
  type TGraderConfig,
} from "@yardstick/core/graders";
import {
  decideSample,
  estimatesBy,
  estimateTokens,
  hajekEstimate,
  mapGradeInput,
  mappingNeedsObservation,
  planLayers,
  primaryPromptVersion,
  promptLabel,
  type TEstimate,
  withPlannedRate,
} from "@yardstick/core/online-eval";
import { userPatternProblem } from "@yardstick/core/regex";
import {
  advanceScanCursor,
  countTracesByDayAndPrompt,
  countTracesInWindow,
  deleteOnlineRule,
  filterTraceIds,
  findBackfill,
  findIdleTraces,
  findObservationToJudge,
  findOnlineEvalSettings,
  findOnlineRule,
  insertBackfill,
  insertJudgment,
  insertOnlineRule,
  judgedTraceIds,
  listBackfills,
  listJudgedValues,
  listModelPriceRows,
  listOnlineRules,
  listRecentJudgments,
  listRulesToScan,
  loadTracesToJudge,
  measuredJudgeUsage,
  pageTracesInWindow,
  recentTraceTextChars,
  rolledUpTracesPerDay,
  ruleJudgmentCounts,
  ruleUsageSince,
  setOnlineRuleSamplings,
  updateBackfill,
  updateOnlineRule,
  upsertOnlineEvalSettings,
  type TJudgeTraceRow,
  type TOnlineRuleRow,
  type TTraceFilter,
} from "@yardstick/db";
import { isLlmError } from "@yardstick/llm";
import { AppError } from "../errors";
import { embedPair, parseConfigOrThrow, requireGrader, requireGraderVersion } from "./graders";
import {
  DEFAULT_JUDGE_MODEL,
  isFatalLlmError,
  judgeProviderKind,
  llmAppError,
  loadJudgeContext,
  runFaithfulness,
  runLlmJudge,
  type TJudgeContext,
} from "./judge-runner";

// Online evaluators: rules that judge a deterministic sample of completed production traces with
// a saved grader version, the design-based estimates of what they measured, backfills over past
// windows, and the eval cost planner. See packages/core/src/online-eval for the pure parts.

const DAY_MS = 86_400_000;
const enabledCache = new Map<string, { at: number; yes: boolean }>();
const startOfUtcDay = (d: Date) => new Date(Math.floor(d.getTime() / DAY_MS) * DAY_MS);

// ───────────── rules ─────────────

function ruleView(r: TOnlineRuleRow) {
  return {
    id: r.id,
    name: r.name,
    enabled: r.enabled,
    graderId: r.graderId,
    graderName: r.grader.name,
    graderVersion: r.graderVersion.version,
    graderLatestVersion: r.grader.latestVersion,
    graderType: r.graderVersion.type,
    judgeModel: r.graderVersion.judgeModel,
    scoreName: r.scoreName,
    target: r.target as "trace" | "observation",
    filter: r.filter as TTraceFilter,
    observationFilter: r.observationFilter as { type?: string; name?: string } | null,
    mapping: r.mapping as TOnlineEvalMapping,
    sampling: r.sampling as TOnlineSampling,
    dailyCallBudget: r.dailyCallBudget,
    dailyCostBudgetUsd: r.dailyCostBudgetUsd,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}
export type TOnlineRuleView = ReturnType<typeof ruleView>;

/** Checks the parts zod cannot: a usable output pattern, distinct strata. Throws naming the field. */
function checkSampling(s: TOnlineSampling, prefix = "sampling") {
  const pattern = s.always.outputPattern;
  if (pattern) {
    const problem = userPatternProblem(pattern);
    if (problem)
      throw new AppError(
        "invalid_input",
        `${prefix}.always.outputPattern: invalid pattern: ${problem.reason}`,
        `${prefix}.always.outputPattern`,
      );
  }
  if (s.strata) {
    const seen = new Set<string>();
    s.strata.rates.forEach((r, i) => {
      if (seen.has(r.value))
        throw new AppError(
          "invalid_input",
          `${prefix}.strata.rates.${i}.value: "${r.value}" is listed twice`,
          `${prefix}.strata.rates.${i}.value`,
        );
      seen.add(r.value);
    });
  }
}

async function requireRule(projectId: string, ruleId: string) {
  const r = await findOnlineRule(projectId, ruleId);
  if (!r) throw new AppError("not_found", "Evaluator rule not found");
  return r;
}

export async function createOnlineRule(projectId: string, userId: string | null, input: TCreateOnlineRuleParsed) {
  checkSampling(input.sampling);
  const grader = await requireGrader(projectId, input.graderId).catch((e: unknown) => {
    if (e instanceof AppError && e.code === "not_found")
      throw new AppError("not_found", "graderId: no such grader in this project", "graderId");
    throw e;
  });
  const version = await requireGraderVersion(grader.id, input.graderVersion ?? grader.latestVersion, "graderVersion");
  const config = parseConfigOrThrow(version.config);
  if (config.type === "pairwise_judge")
    throw new AppError(
      "invalid_input",
      "graderId: a pairwise judge compares two outputs; an online rule judges one trace at a time",
      "graderId",
    );
  if (isJudgeGraderType(config.type)) {
    const ctx = await loadJudgeContext(projectId);
    judgeProviderKind(version.judgeModel ?? DEFAULT_JUDGE_MODEL, ctx, "graderId");
  }
  const settings = await findOnlineEvalSettings(projectId);
  const row = await insertOnlineRule(projectId, {
    name: input.name,
    enabled: input.enabled,
    graderId: grader.id,
    graderVersionId: version.id,
    scoreName: input.scoreName ?? grader.name,
    target: input.target,
    filter: input.filter,
    observationFilter: input.target === "observation" ? (input.observationFilter ?? {}) : null,
    mapping: input.mapping,
    sampling: input.sampling,
    salt: randomBytes(12).toString("hex"),
    dailyCallBudget: input.dailyCallBudget,
    dailyCostBudgetUsd: input.dailyCostBudgetUsd,
    // Traces still inside their idle window when the rule is made are judged when they complete.
    scanCursor: new Date(Date.now() - settings.idleTimeoutSeconds * 1000),
    createdById: userId,
  });
  if (!row) throw new AppError("conflict", `name: a rule named "${input.name}" already exists`, "name");
  enabledCache.delete(projectId);
  return ruleView(row);
}

export async function updateOnlineRuleSettings(projectId: string, ruleId: string, input: TUpdateOnlineRuleParsed) {
  await requireRule(projectId, ruleId);
  if (input.sampling) checkSampling(input.sampling);
  const r = await updateOnlineRule(projectId, ruleId, input);
  if (r === "conflict") throw new AppError("conflict", `name: a rule named "${input.name}" already exists`, "name");
  if (!r) throw new AppError("not_found", "Evaluator rule not found");
  enabledCache.delete(projectId);
  return ruleView(r);
}

export async function removeOnlineRule(projectId: string, ruleId: string) {
  if (!(await deleteOnlineRule(projectId, ruleId))) throw new AppError("not_found", "Evaluator rule not found");
}

/** Whether the rule's daily budget has run out, and the message the rule page shows. */
function budgetState(
  r: Pick<TOnlineRuleRow, "dailyCallBudget" | "dailyCostBudgetUsd">,
  usage: { calls: number; costUsd: number },
) {
  if (r.dailyCallBudget != null && usage.calls >= r.dailyCallBudget)
    return {
      paused: true,
      reason: `Daily call budget reached (${usage.calls} of ${r.dailyCallBudget} judge calls): sampling is paused until 00:00 UTC`,
    };
  if (r.dailyCostBudgetUsd != null && usage.costUsd >= r.dailyCostBudgetUsd)
    return {
      paused: true,
      reason: `Daily dollar budget reached ($${usage.costUsd.toFixed(2)} of $${r.dailyCostBudgetUsd.toFixed(2)}): sampling is paused until 00:00 UTC`,
    };
  return { paused: false, reason: null as string | null };
}

export async function listOnlineRuleSummaries(projectId: string) {
  const [rules, counts] = await Promise.all([
    listOnlineRules(projectId),
    ruleJudgmentCounts(projectId, startOfUtcDay(new Date())),
  ]);
  return rules.map((r) => {
    const c = counts.get(r.id);
    const usage = { calls: c?.callsToday ?? 0, costUsd: c?.costToday ?? 0 };
    return {
      ...ruleView(r),
      judgedTotal: c?.total ?? 0,
      judgedToday: c?.today ?? 0,
      usageToday: usage,
      budget: budgetState(r, usage),
    };
  });
}

export async function getOnlineRule(projectId: string, ruleId: string) {
  const r = await requireRule(projectId, ruleId);
  const [usage, recent, backfills, settings] = await Promise.all([
    ruleUsageSince(r.id, startOfUtcDay(new Date())),
    listRecentJudgments(r.id, 50),
    listBackfills(r.id),
    findOnlineEvalSettings(projectId),
  ]);
  return {
    ...ruleView(r),
    usageToday: usage,
    budget: budgetState(r, usage),
    idleTimeoutSeconds: settings.idleTimeoutSeconds,
    recent: recent.map((j) => ({ ...j, promptVersion: j.promptKey ? promptLabel(j.promptKey) : null })),
    backfills,
  };
}

// ───────────── estimates ─────────────

type TEstimateView = TEstimate & { population: number };

function withPopulation(e: TEstimate, population: number): TEstimateView {
  // The population is the filter's traffic; never report fewer traces than were judged.
  return { ...e, population: Math.max(population, e.n) };
}

/** Per day, per prompt version and overall: Hájek means with 95% CIs and "n of N". */
export async function onlineRuleEstimates(projectId: string, ruleId: string, days = 14) {
  const r = await requireRule(projectId, ruleId);
  const to = new Date(startOfUtcDay(new Date()).getTime() + DAY_MS);
  const from = new Date(to.getTime() - days * DAY_MS);
  const [rows, counts] = await Promise.all([
    listJudgedValues(projectId, from, to, r.id),
    countTracesByDayAndPrompt(projectId, r.filter as TTraceFilter, from, to),
  ]);
  const byDayPop = new Map<string, number>();
  const byPromptPop = new Map<string, number>();
  let total = 0;
  for (const c of counts) {
    byDayPop.set(c.day, (byDayPop.get(c.day) ?? 0) + c.traces);
    const pk = c.promptKey ? promptLabel(c.promptKey) : "(no prompt)";
    byPromptPop.set(pk, (byPromptPop.get(pk) ?? 0) + c.traces);
    total += c.traces;
  }
  const overall = hajekEstimate(rows);
  return {
    scoreName: r.scoreName,
    from,
    to,
    overall: overall ? withPopulation(overall, total) : null,
    byDay: estimatesBy(rows, (x) => x.day).map(({ key, estimate }) => ({
      day: key,
      ...withPopulation(estimate, byDayPop.get(key) ?? 0),
    })),
    byPromptVersion: estimatesBy(rows, (x) => (x.promptKey ? promptLabel(x.promptKey) : "(no prompt)")).map(
      ({ key, estimate }) => ({ promptVersion: key, ...withPopulation(estimate, byPromptPop.get(key) ?? 0) }),
    ),
  };
}

/** The dashboard's "Online scores" panel: each rule's estimate per prompt version in [from, to). */
export async function onlineScoresPanel(projectId: string, days: number) {
  const to = new Date(startOfUtcDay(new Date()).getTime() + DAY_MS);
  const from = new Date(to.getTime() - days * DAY_MS);
  const rules = (await listOnlineRules(projectId)).slice(0, 10);
  const rows = await listJudgedValues(projectId, from, to);
  const out = [];
  for (const r of rules) {
    const mine = rows.filter((x) => x.ruleId === r.id);
    if (!mine.length) continue;
    const counts = await countTracesByDayAndPrompt(projectId, r.filter as TTraceFilter, from, to);
    const pop = new Map<string, number>();
    for (const c of counts) {
      const pk = c.promptKey ? promptLabel(c.promptKey) : "(no prompt)";
      pop.set(pk, (pop.get(pk) ?? 0) + c.traces);
    }
    out.push({
      ruleId: r.id,
      ruleName: r.name,
      scoreName: r.scoreName,
      overall: withPopulation(
        hajekEstimate(mine)!,
        [...pop.values()].reduce((a, b) => a + b, 0),
      ),
      byPromptVersion: estimatesBy(mine, (x) => (x.promptKey ? promptLabel(x.promptKey) : "(no prompt)")).map(
        ({ key, estimate }) => ({ promptVersion: key, ...withPopulation(estimate, pop.get(key) ?? 0) }),
      ),
    });
  }
  return { from, to, rules: out };
}

// ───────────── judging ─────────────

interface TGraded {
  result: TGradeResult;
  value: number | null;
  calls: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number | null;
}

/** A judge's rating on its scale (the PM's "4.1"); a deterministic grader's score in [0, 1]. */
function scoreValue(config: TGraderConfig, result: TGradeResult): number | null {
  if (result.details.error) return null;
  if (config.type === "llm_judge" && typeof result.details.mean === "number") return result.details.mean;
  return result.score;
}

async function gradeItem(
  projectId: string,
  config: TGraderConfig,
  item: ReturnType<typeof mapGradeInput>,
  ctx: TJudgeContext | null,
): Promise<TGraded> {
  if (!isJudgeGraderType(config.type)) {
    const embeddings = config.type === "semantic_similarity" ? await embedPair(projectId, config, item) : null;
    try {
      const result = runDeterministicGrader(config, item, { embeddings });
      return { result, value: scoreValue(config, result), calls: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 };
    } catch (e) {
      if (e instanceof GraderInputError || e instanceof GraderConfigError) {
        const result: TGradeResult = { pass: false, score: 0, reason: e.message, details: { error: "grader_input" } };
        return { result, value: null, calls: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 };
      }
      throw e;
    }
  }
  const judge =
    config.type === "llm_judge"
      ? await runLlmJudge(config, item, ctx!)
      : config.type === "faithfulness"
        ? await runFaithfulness(config, item, ctx!)
        : null;
  if (!judge) throw new AppError("invalid_input", `Grader type ${config.type} cannot judge online`, "graderId");
  const u = judge.cost.usage;
  return {
    result: judge.result,
    value: scoreValue(config, judge.result),
    calls: judge.cost.calls,
    inputTokens: u.inputTokens + u.cacheReadTokens + u.cacheWriteTokens,
    outputTokens: u.outputTokens,
    costUsd: judge.cost.costUsd,
  };
}

export interface TJudgeOutcome {
  considered: number;
  sampled: number;
  judged: number;
  failed: number;
  skippedBudget: number;
  alreadyJudged: number;
}

/**
 * Decides and judges the given completed traces for one rule. Idempotent: traces the rule has
 * judged with this grader version are skipped (and the unique key stops a concurrent duplicate).
 * Sampling stops at the daily budget. A provider that refuses the key aborts with an AppError;
 * transient provider errors throw so the job retries.
 */
export async function judgeTracesForRule(
  projectId: string,
  ruleId: string,
  traceIds: string[],
  opts: { ignoreEnabled?: boolean; now?: Date } = {},
): Promise<TJudgeOutcome> {
  const out: TJudgeOutcome = { considered: 0, sampled: 0, judged: 0, failed: 0, skippedBudget: 0, alreadyJudged: 0 };
  const rule = await findOnlineRule(projectId, ruleId);
  if (!rule || (!rule.enabled && !opts.ignoreEnabled) || !traceIds.length) return out;
  const filter = rule.filter as TTraceFilter;
  const matching = await filterTraceIds(projectId, filter, traceIds);
  const done = await judgedTraceIds(rule.id, rule.graderVersionId, matching);
  out.alreadyJudged = done.size;
  const todo = matching.filter((id) => !done.has(id));
  if (!todo.length) return out;

  const sampling = ZOnlineSampling.parse(rule.sampling);
  const mapping = ZOnlineEvalMapping.parse(rule.mapping);
  const config = parseConfigOrThrow(rule.graderVersion.config);
  const needsObservation = rule.target === "observation" || mappingNeedsObservation(mapping);
  const ctx = isJudgeGraderType(config.type) ? await loadJudgeContext(projectId) : null;
  const usage = await ruleUsageSince(rule.id, startOfUtcDay(opts.now ?? new Date()));
  const traces = await loadTracesToJudge(projectId, todo);

  type TPlanned = {
    t: TJudgeTraceRow;
    obs: Awaited<ReturnType<typeof findObservationToJudge>>;
    decision: ReturnType<typeof decideSample>;
    item: ReturnType<typeof mapGradeInput>;
  };
  const planned: TPlanned[] = [];
  for (const t of traces) {
    out.considered++;
    const obs = needsObservation
      ? await findObservationToJudge(projectId, t.id, rule.observationFilter as { type?: string; name?: string } | null)
      : null;
    if (rule.target === "observation" && !obs) continue;
    const item = mapGradeInput(mapping, { trace: t, observation: obs });
    const decision = decideSample(sampling, rule.salt, {
      id: t.id,
      hasError: t.hasError,
      latencyMs: t.latencyMs,
      models: t.models,
      prompts: t.prompts,
      tags: t.tags,
      name: t.name,
      environment: t.environment,
      release: t.release,
      outputText: item.output,
      negativeFeedback: t.negativeFeedback,
    });
    if (!decision.sampled) continue;
    out.sampled++;
    planned.push({ t, obs, decision, item });
  }

  // Up to 4 traces in flight; the provider's own concurrency limit still holds across rules. Calls
  // in flight count against the call budget, so parallel judging cannot overshoot it.
  const callsPerTrace = config.type === "llm_judge" ? config.samples : config.type === "faithfulness" ? 2 : 0;
  let inFlight = 0;
  let next = 0;
  const worker = async () => {
    while (next < planned.length) {
      const p = planned[next++]!;
      if (budgetState(rule, { ...usage, calls: usage.calls + inFlight }).paused) {
        out.skippedBudget++;
        continue;
      }
      let graded: TGraded;
      inFlight += callsPerTrace;
      try {
        graded = await gradeItem(projectId, config, p.item, ctx);
      } catch (e) {
        if (isFatalLlmError(e)) throw llmAppError(e, rule.graderVersion.judgeModel ?? DEFAULT_JUDGE_MODEL);
        if (isLlmError(e)) throw e; // transient: the job retries; judged traces are kept
        throw e;
      } finally {
        inFlight -= callsPerTrace;
      }
      usage.calls += graded.calls;
      usage.costUsd += graded.costUsd ?? 0;
      const scored = graded.value !== null;
      const promptKey = p.t.prompts.find((k) => k.includes("\u001f")) ?? null;
      const stored = await insertJudgment({
        projectId,
        ruleId: rule.id,
        graderVersionId: rule.graderVersionId,
        traceId: p.t.id,
        observationId: p.obs?.id ?? null,
        status: scored ? "scored" : "failed",
        value: graded.value,
        passed: scored ? graded.result.pass : null,
        reason: graded.result.reason.slice(0, 2000),
        inclusionProb: p.decision.inclusionProb,
        sampledBy: p.decision.sampledBy,
        stratum: p.decision.stratum,
        promptKey,
        traceTimestamp: p.t.timestamp,
        calls: graded.calls,
        inputTokens: graded.inputTokens,
        outputTokens: graded.outputTokens,
        costUsd: graded.costUsd,
        // A trace rule's score is on the trace even when an observation fed the grader.
        score: scored
          ? {
              name: rule.scoreName,
              comment: graded.result.reason.slice(0, 2000),
              observationId: rule.target === "observation" ? (p.obs?.id ?? null) : null,
            }
          : null,
      });
      if (stored) {
        if (scored) out.judged++;
        else out.failed++;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(4, planned.length) }, worker));
  return out;
}

/** Primary prompt version label of a trace's prompts (exported for the UI's tests). */
export const tracePromptVersion = primaryPromptVersion;

/** Whether any rule of the project is enabled (cached 30 s: asked on every ingest with end markers). */
export async function projectHasEnabledOnlineRules(projectId: string): Promise<boolean> {
  const hit = enabledCache.get(projectId);
  if (hit && Date.now() - hit.at < 30_000) return hit.yes;
  const yes = (await listOnlineRules(projectId)).some((r) => r.enabled);
  if (enabledCache.size > 10_000) enabledCache.clear();
  enabledCache.set(projectId, { at: Date.now(), yes });
  return yes;
}

/** Rules to scan this minute (every enabled rule; the scan is cheap when nothing went idle). */
export async function listOnlineRulesToScan() {
  return (await listRulesToScan(500)).map((r) => ({ ruleId: r.id, projectId: r.projectId }));
}

/**
 * One scan of a rule at `asOf`: traces of its filter whose last activity lies between its cursor
 * and asOf − idle timeout are complete; judge them, then move the cursor past them.
 */
export async function scanOnlineRule(projectId: string, ruleId: string, asOf: Date, limit = 200) {
  const rule = await findOnlineRule(projectId, ruleId);
  if (!rule || !rule.enabled) return null;
  const settings = await findOnlineEvalSettings(projectId);
  const upTo = new Date(asOf.getTime() - settings.idleTimeoutSeconds * 1000);
  if (upTo <= rule.scanCursor) return { traces: 0, outcome: null };
  const traces = await findIdleTraces(projectId, rule.filter as TTraceFilter, rule.scanCursor, upTo, limit);
  const outcome = await judgeTracesForRule(
    projectId,
    ruleId,
    traces.map((t) => t.id),
    { now: asOf },
  );
  // A full page may have more traces at later times: continue from the last one next minute.
  await advanceScanCursor(ruleId, traces.length === limit ? traces[traces.length - 1]!.updatedAt : upTo);
  return { traces: traces.length, outcome };
}

/** End markers: judge the ended traces for every enabled rule of the project. */
export async function judgeEndedTraces(projectId: string, traceIds: string[]) {
  const rules = (await listOnlineRules(projectId)).filter((r) => r.enabled);
  const results: Array<{ ruleId: string } & TJudgeOutcome> = [];
  for (const r of rules) results.push({ ruleId: r.id, ...(await judgeTracesForRule(projectId, r.id, traceIds)) });
  return results;
}

// ───────────── settings ─────────────

export async function getOnlineEvalSettings(projectId: string) {
  return findOnlineEvalSettings(projectId);
}

export async function setOnlineEvalSettings(projectId: string, input: { idleTimeoutSeconds: number }) {
  return upsertOnlineEvalSettings(projectId, { idleTimeoutSeconds: input.idleTimeoutSeconds });
}

// ───────────── backfills ─────────────

export async function createOnlineBackfill(
  projectId: string,
  userId: string | null,
  ruleId: string,
  window: { from: Date; to: Date },
) {
  const r = await requireRule(projectId, ruleId);
  const b = await insertBackfill(projectId, r.id, window.from, window.to, userId);
  const total = await countTracesInWindow(projectId, r.filter as TTraceFilter, window.from, window.to);
  await updateBackfill(b.id, { total });
  return { ...b, total };
}

export async function getOnlineBackfill(projectId: string, backfillId: string) {
  const b = await findBackfill(projectId, backfillId);
  if (!b) throw new AppError("not_found", "Backfill not found");
  return b;
}

export async function failOnlineBackfill(projectId: string, backfillId: string, message: string) {
  const b = await findBackfill(projectId, backfillId);
  if (b && b.status !== "completed")
    await updateBackfill(b.id, { status: "failed", error: message, finishedAt: new Date() });
}

/** One page of a backfill: judges the next `limit` traces of its window; returns the cursor or null when done. */
export async function runOnlineBackfillPage(
  projectId: string,
  backfillId: string,
  after: { timestamp: string; id: string } | null,
  limit = 100,
): Promise<{ timestamp: string; id: string } | null> {
  const b = await getOnlineBackfill(projectId, backfillId);
  if (b.status === "completed" || b.status === "failed") return null;
  const r = await requireRule(projectId, b.ruleId);
  if (b.status === "queued") await updateBackfill(b.id, { status: "running" });
  const page = await pageTracesInWindow(
    projectId,
    r.filter as TTraceFilter,
    b.from,
    b.to,
    after ? { timestamp: new Date(after.timestamp), id: after.id } : null,
    limit,
  );
  const outcome = await judgeTracesForRule(
    projectId,
    r.id,
    page.map((t) => t.id),
    { ignoreEnabled: true },
  );
  await updateBackfill(b.id, {}, { processed: page.length, judged: outcome.judged });
  if (page.length < limit) {
    await updateBackfill(b.id, { status: "completed", finishedAt: new Date() });
    return null;
  }
  const last = page[page.length - 1]!;
  return { timestamp: last.timestamp.toISOString(), id: last.id };
}

// ───────────── the eval cost planner ─────────────

const TYPICAL_RUBRIC_PROMPT_CHARS = 2500;

async function judgeTokensFor(projectId: string, r: TOnlineRuleRow, traceChars: number | null) {
  const config = parseConfigOrThrow(r.graderVersion.config);
  const samples = config.type === "llm_judge" ? config.samples : 1;
  const callsPerTrace = config.type === "faithfulness" ? 2 * samples : samples;
  const measured = await measuredJudgeUsage(r.graderId);
  if (measured && measured.calls > 0) {
    return {
      source: measured.source === "online" ? ("measured_online" as const) : ("measured_calibration" as const),
      measuredCalls: measured.calls,
      inputTokens: measured.inputTokens / measured.calls,
      outputTokens: measured.outputTokens / measured.calls,
      callsPerTrace,
    };
  }
  // No call yet: the judge prompt's length (rubric and instructions) plus the traces' text.
  const rubricChars = JSON.stringify(config).length;
  return {
    source: "estimated_prompt_length" as const,
    measuredCalls: 0,
    inputTokens: estimateTokens(TYPICAL_RUBRIC_PROMPT_CHARS + rubricChars + (traceChars ?? 2000)),
    outputTokens: 300,
    callsPerTrace,
  };
}

/** What the planner starts from: the project's volume and each rule's measured judge usage and price. */
export async function plannerInputs(projectId: string) {
  const now = new Date();
  const [volume, rules, settings, prices, traceChars] = await Promise.all([
    rolledUpTracesPerDay(projectId, 14, now),
    listOnlineRules(projectId),
    findOnlineEvalSettings(projectId),
    listModelPriceRows(projectId),
    recentTraceTextChars(projectId),
  ]);
  // Days since the first rolled-up hour (1 to 14), so a new project is not diluted by empty days.
  const days = volume.first ? Math.min(14, Math.max(1, (now.getTime() - volume.first.getTime()) / DAY_MS)) : 14;
  const tracesPerDay = volume.traces / days;
  const ruleInputs = [];
  for (const r of rules) {
    const judge = isJudgeGraderType(r.graderVersion.type);
    const model = r.graderVersion.judgeModel ?? DEFAULT_JUDGE_MODEL;
    const price = judge ? resolveModelPrice(model, now, prices) : undefined;
    ruleInputs.push({
      id: r.id,
      name: r.name,
      graderName: r.grader.name,
      graderType: r.graderVersion.type,
      layer: judge ? ("judge" as const) : ("deterministic" as const),
      rate: (r.sampling as TOnlineSampling).rate,
      judgeModel: judge ? model : null,
      tokens: judge ? await judgeTokensFor(projectId, r, traceChars) : null,
      price: price ? { inputPerMTok: price.inputPer1M, outputPerMTok: price.outputPer1M } : null,
    });
  }
  return {
    tracesPerDay,
    volumeSource: `dashboard roll-ups, last ${Math.round(days)} day${Math.round(days) === 1 ? "" : "s"}`,
    reviewMinutes: settings.reviewMinutes,
    humanReviewRate: settings.humanReviewRate,
    rules: ruleInputs,
  };
}

/** Monthly calls, dollars, review hours and CI widths for a layered plan. */
export async function computeEvalPlan(projectId: string, input: TPlanInput) {
  const base = await plannerInputs(projectId);
  const tracesPerDay = input.tracesPerDay ?? base.tracesPerDay;
  const judgeRules = base.rules.filter((r) => r.layer === "judge");
  const common = {
    tracesPerDay,
    deterministicRate: input.deterministicRate,
    judgeRate: input.judgeRate,
    humanReviewRate: input.humanReviewRate,
    reviewMinutes: input.reviewMinutes,
    scoreSd: input.scoreSd,
  };
  const perRule = judgeRules.map((r) => ({
    ruleId: r.id,
    name: r.name,
    judgeModel: r.judgeModel,
    tokens: r.tokens,
    plan: planLayers({
      ...common,
      judge: { ...r.tokens!, ...(r.price ?? { inputPerMTok: null, outputPerMTok: null }) },
    }).layers[1]!,
  }));
  const shape = planLayers({
    ...common,
    judge: {
      inputTokens: 0,
      outputTokens: 0,
      callsPerTrace: 0,
      source: "estimated_prompt_length",
      measuredCalls: 0,
      inputPerMTok: 0,
      outputPerMTok: 0,
    },
  }).layers;
  const judgeCalls = perRule.reduce((a, r) => a + r.plan.callsPerMonth, 0);
  const judgeDollars = perRule.some((r) => r.plan.dollarsPerMonth === null)
    ? null
    : perRule.reduce((a, r) => a + (r.plan.dollarsPerMonth ?? 0), 0);
  const layers = shape.map((l) =>
    l.layer === "judge" ? { ...l, callsPerMonth: judgeCalls, dollarsPerMonth: judgeDollars } : l,
  );
  return {
    tracesPerDay,
    volumeSource: input.tracesPerDay !== undefined ? "entered" : base.volumeSource,
    layers,
    perRule,
    rules: base.rules,
  };
}

/** Applies a plan: judge rules take the judge rate, deterministic rules the deterministic rate, in one transaction. */
export async function applyEvalPlan(projectId: string, input: TPlanInput) {
  const rules = await listOnlineRules(projectId);
  const updates = rules.map((r) => {
    const judge = isJudgeGraderType(r.graderVersion.type);
    const sampling = withPlannedRate(r.sampling as TOnlineSampling, judge ? input.judgeRate : input.deterministicRate);
    return { ruleId: r.id, sampling };
  });
  if (!(await setOnlineRuleSamplings(projectId, updates)))
    throw new AppError("conflict", "A rule changed while the plan was applied: reload and try again");
  await upsertOnlineEvalSettings(projectId, {
    reviewMinutes: input.reviewMinutes,
    humanReviewRate: input.humanReviewRate,
  });
  return { updated: updates.length };
}
