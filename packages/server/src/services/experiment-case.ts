import { createHash } from "node:crypto";
import {
  MissingVariablesError,
  renderPrompt,
  type TPromptMessage,
  type TPromptParams,
  type TPromptTool,
} from "@yardstick/contracts/prompts";
import type { TCaseGraderResult, TExperimentRunConfig } from "@yardstick/contracts/experiments";
import { gradeCacheMaterial, outputCacheMaterial, promptVariablesOf } from "@yardstick/core/experiments";
import {
  GraderConfigError,
  GraderInputError,
  runDeterministicGrader,
  type TGraderConfig,
} from "@yardstick/core/graders";
import { findCacheEntries, type TCaseResultInput, type TDatasetPartitionName } from "@yardstick/db";
import { complete, isLlmError, type LlmError, type TProviderKind, type TUsage } from "@yardstick/llm";
import { AppError } from "../errors";
import { embedPair } from "./graders";
import { costOfCall, isFatalLlmError, runFaithfulness, runLlmJudge, type TJudgeContext } from "./judge-runner";
import { promptVersionRequest } from "./prompts";

// One case of an experiment run: render the arm's prompt with the item, get the output (from the
// cache, else the model), grade it with every grader (judge grades cached too), and return the row
// to store. Provider failures that outlived the retries become the case's (or grader's) error;
// a refused key or a rejected request is fatal and stops the run (FatalRunError).

export interface TRunArm {
  config: TExperimentRunConfig["arms"][number];
  system: string | null;
  messages: TPromptMessage[];
  model: string;
  params: TPromptParams;
  tools: TPromptTool[] | null;
  kind: TProviderKind;
}

export interface TRunGrader {
  config: TExperimentRunConfig["graders"][number];
  grader: TGraderConfig;
}

export interface TRunContext {
  projectId: string;
  arms: TRunArm[];
  graders: TRunGrader[];
  judge: TJudgeContext;
}

export interface TRunItem {
  itemKey: string;
  partition: TDatasetPartitionName;
  input: unknown;
  expectedOutput: string | null;
  context: string | null;
}

export interface TPlannedCase {
  item: TRunItem;
  arm: number;
  repeat: number;
  /** Null when the prompt cannot be rendered for this item (the case is stored with `renderError`). */
  outputKey: string | null;
  renderError: string | null;
  rendered: ReturnType<typeof renderPrompt> | null;
}

/** Thrown when every further call would fail the same way (refused key, rejected request). */
export class FatalRunError extends Error {
  constructor(
    readonly llmError: LlmError,
    readonly model: string,
  ) {
    super(llmError.message);
    this.name = "FatalRunError";
  }
}

export interface TCachedOutput {
  text: string;
  usage: TUsage;
  latencyMs: number;
  model: string;
}
interface TCachedGrade {
  score: number;
  passed: boolean;
  reasoning: string;
}
export type TCacheWrite = { hash: string; kind: "output" | "grade"; payload: unknown };

export const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

export function planCase(item: TRunItem, armIndex: number, repeat: number, arm: TRunArm): TPlannedCase {
  try {
    const rendered = renderPrompt(arm, promptVariablesOf(item.input));
    const outputKey = sha256(
      outputCacheMaterial({
        model: arm.config.model,
        params: arm.params,
        system: arm.system,
        messages: arm.messages,
        tools: arm.tools,
        input: item.input,
        repeat,
      }),
    );
    return { item, arm: armIndex, repeat, outputKey, renderError: null, rendered };
  } catch (e) {
    if (!(e instanceof MissingVariablesError)) throw e;
    return { item, arm: armIndex, repeat, outputKey: null, renderError: e.message, rendered: null };
  }
}

/** Grades that call a model (or an embedding endpoint) are cached; deterministic ones are cheaper to rerun. */
export function gradeKey(g: TRunGrader, c: TPlannedCase, output: string): string | null {
  const t = g.grader.type;
  if (t !== "llm_judge" && t !== "faithfulness" && t !== "semantic_similarity") return null;
  return sha256(
    gradeCacheMaterial({
      config: g.grader,
      output,
      input: c.item.input,
      expected: c.item.expectedOutput,
      context: c.item.context,
    }),
  );
}

const llmMessage = (e: LlmError) =>
  `${e.provider ?? "provider"} ${e.kind}${e.status ? ` ${e.status}` : ""}: ${e.message}`;

/** Output text as graders see it: the text, or the tool calls as JSON when the model only called tools. */
function outputText(r: { text: string; toolCalls: { name: string; input: unknown }[] }): string {
  if (r.text !== "" || !r.toolCalls.length) return r.text;
  return JSON.stringify(r.toolCalls.map((t) => ({ name: t.name, input: t.input })));
}

async function generate(
  c: TPlannedCase,
  arm: TRunArm,
  ctx: TRunContext,
): Promise<TCachedOutput & { costUsd: number | null }> {
  try {
    const r = await complete(promptVersionRequest(arm, c.rendered!, arm.kind), ctx.judge.settings);
    return {
      text: outputText(r),
      usage: r.usage,
      latencyMs: r.latencyMs,
      model: r.model,
      costUsd: costOfCall(r, arm.config.model, ctx.judge.prices),
    };
  } catch (e) {
    if (isFatalLlmError(e) && e.kind === "auth") throw new FatalRunError(e, arm.config.model);
    throw e;
  }
}

async function gradeOne(
  g: TRunGrader,
  c: TPlannedCase,
  output: string,
  ctx: TRunContext,
  cache: Map<string, unknown>,
  writes: TCacheWrite[],
): Promise<{ result: TCaseGraderResult; costUsd: number | null }> {
  const base = { graderId: g.config.graderId, version: g.config.version };
  const item = { input: c.item.input, output, expected: c.item.expectedOutput, context: c.item.context };
  const fail = (error: string) => ({
    result: { ...base, score: null, passed: false, reasoning: null, error },
    costUsd: 0,
  });
  const key = gradeKey(g, c, output);
  const judged = key !== null;
  // Grades of cached outputs were fetched with the chunk; a fresh output may still match an old one.
  const hit = key
    ? ((cache.get(key) ?? (await findCacheEntries(ctx.projectId, [key])).get(key)) as TCachedGrade | undefined)
    : undefined;
  if (hit)
    return {
      result: { ...base, score: hit.score, passed: hit.passed, reasoning: hit.reasoning, error: null },
      costUsd: 0,
    };
  try {
    let r: { pass: boolean; score: number; reason: string; details: Record<string, unknown> };
    let costUsd: number | null = 0;
    if (g.grader.type === "llm_judge") {
      const j = await runLlmJudge(g.grader, item, ctx.judge);
      r = j.result;
      costUsd = j.cost.costUsd;
      if (!j.verdicts.length) return { ...fail(j.result.reason), costUsd };
    } else if (g.grader.type === "faithfulness") {
      const j = await runFaithfulness(g.grader, item, ctx.judge);
      r = j.result;
      costUsd = j.cost.costUsd;
      if (j.result.details.error === "judge_parse_error") return { ...fail(j.result.reason), costUsd };
    } else if (g.grader.type === "pairwise_judge") {
      return fail("a pairwise judge compares two outputs: use it in a comparison, not a run");
    } else {
      const embeddings =
        g.grader.type === "semantic_similarity" ? await embedPair(ctx.projectId, g.grader, item) : null;
      r = runDeterministicGrader(g.grader, item, { embeddings });
    }
    if (key)
      writes.push({
        hash: key,
        kind: "grade",
        payload: { score: r.score, passed: r.pass, reasoning: r.reason } satisfies TCachedGrade,
      });
    return { result: { ...base, score: r.score, passed: r.pass, reasoning: r.reason, error: null }, costUsd };
  } catch (e) {
    if (isFatalLlmError(e) && e.kind === "auth") throw new FatalRunError(e, judged ? "the judge" : "the grader");
    if (isLlmError(e)) return fail(llmMessage(e));
    if (e instanceof AppError || e instanceof GraderInputError || e instanceof GraderConfigError)
      return fail(e.message);
    throw e;
  }
}

/** Runs one planned case to the row to store; cache values it produced are pushed onto `writes`. */
export async function runCase(
  c: TPlannedCase,
  ctx: TRunContext,
  cache: Map<string, unknown>,
  writes: TCacheWrite[],
): Promise<TCaseResultInput> {
  const arm = ctx.arms[c.arm]!;
  const row: TCaseResultInput = {
    arm: c.arm,
    itemKey: c.item.itemKey,
    repeat: c.repeat,
    partition: c.item.partition,
    input: c.item.input,
    expectedOutput: c.item.expectedOutput,
    output: null,
    latencyMs: null,
    inputTokens: 0,
    outputTokens: 0,
    costUsd: 0,
    graderCostUsd: 0,
    cached: false,
    error: null,
    graderResults: [],
    passed: false,
  };
  if (c.renderError !== null) return { ...row, error: `prompt: ${c.renderError}` };
  let out: TCachedOutput;
  const hit = cache.get(c.outputKey!) as TCachedOutput | undefined;
  if (hit) {
    out = hit;
    row.cached = true;
  } else {
    try {
      const g = await generate(c, arm, ctx);
      out = { text: g.text, usage: g.usage, latencyMs: g.latencyMs, model: g.model };
      row.costUsd = g.costUsd;
      writes.push({ hash: c.outputKey!, kind: "output", payload: out });
    } catch (e) {
      if (!isLlmError(e)) throw e;
      return { ...row, error: llmMessage(e) };
    }
  }
  row.output = out.text;
  row.latencyMs = out.latencyMs;
  row.inputTokens = out.usage.inputTokens + out.usage.cacheReadTokens + out.usage.cacheWriteTokens;
  row.outputTokens = out.usage.outputTokens;
  const grades = [];
  for (const g of ctx.graders) grades.push(await gradeOne(g, c, out.text, ctx, cache, writes));
  row.graderResults = grades.map((g) => g.result);
  row.graderCostUsd = grades.some((g) => g.costUsd === null) ? null : grades.reduce((s, g) => s + (g.costUsd ?? 0), 0);
  row.passed = grades.every((g) => g.result.passed);
  return row;
}
