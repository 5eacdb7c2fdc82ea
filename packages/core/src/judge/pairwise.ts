/**
 * Pairwise judging. Judges prefer whichever answer they read first (or second), so each pair is
 * judged twice, the second time with the candidates swapped; a win counts only when both orders agree.
 */
import { z } from "zod";
import { JudgeParseError } from "./errors";
import { fence, FENCE_RULES, stringifyInput } from "./fence";
import { findToolCall, LENGTH_BIAS_RULE } from "./prompt";
import { formatRubric, ZRubric, type TRubric, type TRubricInput } from "./rubric";
import type { TJudgePrompt, TToolCallLike } from "./types";

export type TPairwiseChoice = "A" | "B" | "tie";

export const SUBMIT_PREFERENCE_TOOL = "submit_preference";

export interface TBuildPairwisePromptArgs {
  rubric: TRubricInput | TRubric;
  input?: unknown;
  /** Shown as Response A. */
  a: string;
  /** Shown as Response B. */
  b: string;
  expected?: string | null;
  context?: string | null;
}

export function pairwiseSystemPrompt(rubric: TRubric): string {
  return [
    "You are an impartial evaluator. You compare two AI-generated responses to the same task against the rubric below and report which is better only by calling the submit_preference tool.",
    "",
    formatRubric(rubric),
    "",
    "Rules:",
    "The order in which the responses are shown says nothing about their quality; do not favour the first or the second.",
    LENGTH_BIAS_RULE,
    'Answer "tie" when neither response is meaningfully better under the rubric.',
    FENCE_RULES,
    "Write your reasoning first, then choose.",
  ].join("\n");
}

export function buildPairwisePrompt(args: TBuildPairwisePromptArgs): TJudgePrompt {
  const rubric = ZRubric.parse(args.rubric);
  const parts: string[] = [];
  if (args.input !== undefined && args.input !== null) parts.push(fence("task_input", stringifyInput(args.input)));
  if (args.context != null) parts.push(fence("context", args.context));
  if (args.expected != null) parts.push(fence("reference_answer", args.expected));
  parts.push(fence("response_a", args.a));
  parts.push(fence("response_b", args.b));
  parts.push(
    `Compare response A and response B (inside the response_a and response_b tags) under the rubric "${rubric.name}" and call ${SUBMIT_PREFERENCE_TOOL}.`,
  );
  return {
    system: [{ text: pairwiseSystemPrompt(rubric), cache: true }],
    messages: [{ role: "user", content: parts.join("\n\n") }],
    tools: [
      {
        name: SUBMIT_PREFERENCE_TOOL,
        description: "Submit which response is better. Call exactly once.",
        inputSchema: {
          type: "object",
          properties: {
            reasoning: { type: "string", description: "Comparison against each criterion, written before choosing." },
            winner: { type: "string", enum: ["A", "B", "tie"] },
          },
          required: ["reasoning", "winner"],
          additionalProperties: false,
        },
      },
    ],
    toolChoice: { type: "tool", name: SUBMIT_PREFERENCE_TOOL },
  };
}

/** Both prompts of a pair: `first` shows (a, b), `swapped` shows (b, a). */
export function buildPairwisePrompts(args: TBuildPairwisePromptArgs): { first: TJudgePrompt; swapped: TJudgePrompt } {
  return { first: buildPairwisePrompt(args), swapped: buildPairwisePrompt({ ...args, a: args.b, b: args.a }) };
}

export function parsePairwiseToolCall(toolCalls: readonly TToolCallLike[]): {
  winner: TPairwiseChoice;
  reasoning: string;
} {
  const call = findToolCall(toolCalls, SUBMIT_PREFERENCE_TOOL);
  const r = z.object({ reasoning: z.string().default(""), winner: z.enum(["A", "B", "tie"]) }).safeParse(call.input);
  if (!r.success)
    throw new JudgeParseError(
      "invalid_tool_input",
      `invalid ${SUBMIT_PREFERENCE_TOOL} input: winner must be "A", "B" or "tie"`,
      "winner",
    );
  return r.data;
}

export interface TPairwiseOutcome {
  /** In terms of the original a/b. */
  winner: TPairwiseChoice;
  /** The two orders gave the same answer (after mapping the swapped one back). */
  consistent: boolean;
}

const unswap = (c: TPairwiseChoice): TPairwiseChoice => (c === "A" ? "B" : c === "B" ? "A" : "tie");

/**
 * `firstOrder`: verdict with (a, b) shown as (A, B); `swappedOrder`: verdict with (b, a) shown as
 * (A, B), so its "A" means b. A win needs both orders to agree; anything else is a tie.
 */
export function combinePairwise(firstOrder: TPairwiseChoice, swappedOrder: TPairwiseChoice): TPairwiseOutcome {
  const second = unswap(swappedOrder);
  const consistent = firstOrder === second;
  return { winner: consistent ? firstOrder : "tie", consistent };
}

export interface TPairwiseSummary {
  n: number;
  winsA: number;
  winsB: number;
  ties: number;
  /** Share of pairs whose two orders agreed; null when n = 0. */
  positionConsistencyRate: number | null;
  /** (winsA + ties / 2) / n; null when n = 0. */
  winRateA: number | null;
}

export function pairwiseSummary(results: readonly TPairwiseOutcome[]): TPairwiseSummary {
  const n = results.length;
  const winsA = results.filter((r) => r.winner === "A").length;
  const winsB = results.filter((r) => r.winner === "B").length;
  const ties = n - winsA - winsB;
  const consistent = results.filter((r) => r.consistent).length;
  return {
    n,
    winsA,
    winsB,
    ties,
    positionConsistencyRate: n === 0 ? null : consistent / n,
    winRateA: n === 0 ? null : (winsA + ties / 2) / n,
  };
}
