import { computeCost, resolveModelPrice } from "@yardstick/core/cost";
import type {
  TFaithfulnessConfig,
  TGradeInput,
  TGradeResult,
  TLlmJudgeConfig,
  TPairwiseJudgeConfig,
} from "@yardstick/core/graders";
import {
  buildClaimExtractionPrompt,
  buildClaimVerificationPrompt,
  buildJudgePrompt,
  buildPairwisePrompts,
  clampJudgeTemperature,
  combinePairwise,
  faithfulnessGradeResult,
  judgeGradeResult,
  JudgeParseError,
  pairwiseSummary,
  parseClaims,
  parseClaimVerdicts,
  parseJudgeToolCall,
  parsePairwiseToolCall,
  type TJudgePrompt,
  type TJudgeVerdict,
} from "@yardstick/core/judge";
import { listModelPriceRows } from "@yardstick/db";
import {
  complete,
  emptyUsage,
  isLlmError,
  type LlmError,
  providerKindFor,
  type TProviderKind,
  type TProviderSettings,
  type TToolCall,
  type TUsage,
} from "@yardstick/llm";
import { AppError } from "../errors";
import { projectProviderSettings } from "./providers";

// Runs the model-backed graders (llm_judge, faithfulness, pairwise_judge) against the project's
// provider. Prompts, parsing and scoring are the pure helpers of @yardstick/core/judge.
//
// Temperature: Claude models on the Anthropic API version Yardstick uses (2026-10-21, SDK 1.12)
// reject any sampling parameter, so Claude judges are sent none and run at the model's default;
// their stability is measured instead, by sampling n times (mean, variance, `stable`). Other
// providers get the configured temperature, clamped to ≤ 0.3.

/** Judge used when a saved config names none. Written into the saved config, so it never changes under a version. */
export const DEFAULT_JUDGE_MODEL = "claude-sonnet-4-6";

type TPrices = Awaited<ReturnType<typeof listModelPriceRows>>;

export interface TJudgeContext {
  settings: TProviderSettings;
  prices: TPrices;
}

export async function loadJudgeContext(projectId: string): Promise<TJudgeContext> {
  const [settings, prices] = await Promise.all([projectProviderSettings(projectId), listModelPriceRows(projectId)]);
  return { settings: { ...settings, maxRetries: 2, timeoutMs: 60_000 }, prices };
}

export interface TCallCost {
  usage: TUsage;
  costUsd: number | null;
  calls: number;
}

export function emptyCost(): TCallCost {
  return { usage: emptyUsage(), costUsd: 0, calls: 0 };
}

function addCost(into: TCallCost, usage: TUsage, costUsd: number | null) {
  into.usage.inputTokens += usage.inputTokens;
  into.usage.outputTokens += usage.outputTokens;
  into.usage.cacheReadTokens += usage.cacheReadTokens;
  into.usage.cacheWriteTokens += usage.cacheWriteTokens;
  // Unknown price on any call makes the total unknown rather than silently low.
  into.costUsd = into.costUsd === null || costUsd === null ? null : into.costUsd + costUsd;
  into.calls++;
}

/** A call's cost from the project's price table: by the model the provider reports, else the one requested; null when unpriced. */
export function costOfCall(
  result: { model: string; usage: TUsage },
  requestedModel: string,
  prices: TPrices,
): number | null {
  const price =
    resolveModelPrice(result.model, new Date(), prices) ?? resolveModelPrice(requestedModel, new Date(), prices);
  return price ? computeCost(result.usage, price).totalCost : null;
}

/** Which provider serves the judge model; a model no provider serves is a precondition error naming the field. */
export function judgeProviderKind(model: string, ctx: TJudgeContext, field = "config.model"): TProviderKind {
  try {
    return providerKindFor(model, ctx.settings);
  } catch (e) {
    if (isLlmError(e)) throw new AppError("precondition_failed", e.message, field);
    throw e;
  }
}

/** Provider errors a retry of the same request cannot fix: they abort a whole run. */
export function isFatalLlmError(e: unknown): e is LlmError {
  return isLlmError(e) && (e.kind === "auth" || e.kind === "bad_request");
}

/** A provider failure as a client-facing error (never a 500). */
export function llmAppError(e: LlmError, model: string): AppError {
  const who = e.provider ?? "the provider";
  if (e.kind === "auth") {
    return new AppError(
      "precondition_failed",
      `${who} refused the API key for judge ${model} (or none is configured): set one in project settings → Providers`,
    );
  }
  if (e.kind === "bad_request") return new AppError("invalid_input", `${who} rejected the judge request: ${e.message}`);
  return new AppError(
    "precondition_failed",
    `${who} did not answer the judge call (${e.kind}): ${e.message}. Try again in a moment`,
  );
}

async function callJudge(
  model: string,
  prompt: TJudgePrompt,
  opts: { temperature: number; maxTokens?: number },
  ctx: TJudgeContext,
  cost: TCallCost,
): Promise<TToolCall[]> {
  const kind = judgeProviderKind(model, ctx);
  const result = await complete(
    {
      model,
      system: prompt.system,
      messages: prompt.messages,
      tools: prompt.tools,
      toolChoice: prompt.toolChoice,
      params: {
        maxTokens: opts.maxTokens ?? 1024,
        ...(kind !== "anthropic" && { temperature: clampJudgeTemperature(opts.temperature) }),
      },
    },
    ctx.settings,
  );
  addCost(cost, result.usage, costOfCall(result, model, ctx.prices));
  return result.toolCalls;
}

export type TJudgeSample = TJudgeVerdict | { error: string; code: string };

export interface TJudgeRun {
  result: TGradeResult;
  samples: TJudgeSample[];
  /** The samples that parsed, for aggregation. */
  verdicts: TJudgeVerdict[];
  cost: TCallCost;
  model: string;
}

const parseFailure = (e: JudgeParseError): TJudgeSample => ({ error: e.message, code: e.code });

/**
 * llm_judge: n samples, one after another (so the cached rubric prefix is written once and read
 * after). A sample whose tool call does not parse is kept with its error; the grade aggregates the
 * samples that parsed, and fails with the parse error as reason when none did. Provider errors throw.
 */
export async function runLlmJudge(config: TLlmJudgeConfig, item: TGradeInput, ctx: TJudgeContext): Promise<TJudgeRun> {
  const model = config.model ?? DEFAULT_JUDGE_MODEL;
  const prompt = buildJudgePrompt({
    rubric: config.rubric,
    input: item.input,
    output: item.output,
    expected: config.includeExpected ? item.expected : null,
    context: config.includeContext ? item.context : null,
  });
  const cost = emptyCost();
  const samples: TJudgeSample[] = [];
  const verdicts: TJudgeVerdict[] = [];
  for (let i = 0; i < config.samples; i++) {
    const calls = await callJudge(
      model,
      prompt,
      { temperature: config.temperature, maxTokens: config.maxTokens },
      ctx,
      cost,
    );
    try {
      const v = parseJudgeToolCall(calls, config.rubric);
      verdicts.push(v);
      samples.push(v);
    } catch (e) {
      if (!(e instanceof JudgeParseError)) throw e;
      samples.push(parseFailure(e));
    }
  }
  const failed = samples.filter((s): s is { error: string; code: string } => "error" in s);
  let result: TGradeResult;
  if (verdicts.length === 0) {
    const first = failed[0]!;
    result = {
      pass: false,
      score: 0,
      reason: `judge output could not be parsed (${first.code}): ${first.error}`,
      details: { error: "judge_parse_error", code: first.code, samples },
    };
  } else {
    const graded = judgeGradeResult(verdicts, {
      scale: config.rubric.scale,
      passThreshold: config.passThreshold,
      ...(config.stableVariance !== undefined && { stableVariance: config.stableVariance }),
    });
    result = { ...graded, details: { ...graded.details, requested: config.samples, failedSamples: failed } };
  }
  return { result, samples, verdicts, cost, model };
}

/** faithfulness: extract claims, then verify each against the context (skipped when there are no claims). */
export async function runFaithfulness(config: TFaithfulnessConfig, item: TGradeInput, ctx: TJudgeContext) {
  const model = config.model ?? DEFAULT_JUDGE_MODEL;
  const cost = emptyCost();
  if (item.context == null || item.context.trim() === "") {
    throw new AppError(
      "invalid_input",
      "faithfulness checks the output against a context: provide one",
      "input.context",
    );
  }
  const opts = { temperature: config.temperature };
  try {
    const claims = parseClaims(
      await callJudge(model, buildClaimExtractionPrompt({ output: item.output, input: item.input }), opts, ctx, cost),
    );
    const verdicts = claims.length
      ? parseClaimVerdicts(
          await callJudge(
            model,
            buildClaimVerificationPrompt({ claims, context: item.context, input: item.input }),
            opts,
            ctx,
            cost,
          ),
          claims,
        )
      : [];
    const graded = faithfulnessGradeResult(verdicts, { threshold: config.threshold });
    return { result: { ...graded, details: { ...graded.details, claims } }, cost, model };
  } catch (e) {
    if (!(e instanceof JudgeParseError)) throw e;
    const result: TGradeResult = {
      pass: false,
      score: 0,
      reason: `judge output could not be parsed (${e.code}): ${e.message}`,
      details: { error: "judge_parse_error", code: e.code },
    };
    return { result, cost, model };
  }
}

/**
 * pairwise_judge: (a, b) judged in both orders; a win counts only when both orders agree, else a
 * tie. pass = a wins; score 1 / 0.5 / 0 for a win / tie / loss of a (the `output`).
 */
export async function runPairwise(
  config: TPairwiseJudgeConfig,
  item: TGradeInput & { outputB: string },
  ctx: TJudgeContext,
) {
  const model = config.model ?? DEFAULT_JUDGE_MODEL;
  const cost = emptyCost();
  const { first, swapped } = buildPairwisePrompts({
    rubric: config.rubric,
    input: item.input,
    a: item.output,
    b: item.outputB,
    expected: config.includeExpected ? item.expected : null,
    context: item.context,
  });
  const opts = { temperature: config.temperature };
  try {
    const one = parsePairwiseToolCall(await callJudge(model, first, opts, ctx, cost));
    const two = parsePairwiseToolCall(await callJudge(model, swapped, opts, ctx, cost));
    const outcome = combinePairwise(one.winner, two.winner);
    const summary = pairwiseSummary([outcome]);
    const result: TGradeResult = {
      pass: outcome.winner === "A",
      score: outcome.winner === "A" ? 1 : outcome.winner === "tie" ? 0.5 : 0,
      reason: outcome.consistent
        ? outcome.winner === "tie"
          ? "tie in both orders"
          : `${outcome.winner === "A" ? "output" : "outputB"} wins in both orders`
        : `tie: the orders disagree (A first: ${one.winner}; B first: ${two.winner === "A" ? "B" : two.winner === "B" ? "A" : "tie"}), a position effect`,
      details: {
        winner: outcome.winner,
        consistent: outcome.consistent,
        firstOrder: { winner: one.winner, reasoning: one.reasoning },
        swappedOrder: { winner: two.winner, reasoning: two.reasoning },
        summary,
      },
    };
    return { result, outcome, summary, cost, model };
  } catch (e) {
    if (!(e instanceof JudgeParseError)) throw e;
    const result: TGradeResult = {
      pass: false,
      score: 0,
      reason: `judge output could not be parsed (${e.code}): ${e.message}`,
      details: { error: "judge_parse_error", code: e.code },
    };
    return { result, outcome: null, summary: null, cost, model };
  }
}
