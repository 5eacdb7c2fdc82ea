import { z } from "zod";
import { JudgeParseError } from "./errors";
import { fence, FENCE_RULES, stringifyInput } from "./fence";
import { formatRubric, ZRubric, type TRubric, type TRubricInput, type TScale } from "./rubric";
import type { TJudgePrompt, TJudgeTool, TToolCallLike } from "./types";

/** Judges run cold: sampling noise shows up as score variance, which is measured, not wanted. */
export const JUDGE_MAX_TEMPERATURE = 0.3;

/** Missing or invalid → 0; above the ceiling → the ceiling. */
export function clampJudgeTemperature(t?: number | null): number {
  if (t == null || !Number.isFinite(t) || t < 0) return 0;
  return Math.min(t, JUDGE_MAX_TEMPERATURE);
}

export const SUBMIT_GRADE_TOOL = "submit_grade";

export const LENGTH_BIAS_RULE =
  "Do not reward length. A longer answer is not better because it is longer: judge whether its content is correct, relevant and needed. Penalise padding, repetition and detail nobody asked for; do not penalise a short answer that fully does the task.";

export function gradeTool(scale: TScale): TJudgeTool {
  return {
    name: SUBMIT_GRADE_TOOL,
    description: "Submit the grade for the judged output. Call exactly once.",
    inputSchema: {
      type: "object",
      properties: {
        reasoning: {
          type: "string",
          description: "Step-by-step assessment against each criterion, written before choosing the score.",
        },
        strengths: {
          type: "array",
          items: { type: "string" },
          description: "Concrete strengths, each one short sentence.",
        },
        weaknesses: {
          type: "array",
          items: { type: "string" },
          description: "Concrete weaknesses, each one short sentence.",
        },
        score: {
          type: "integer",
          minimum: scale.min,
          maximum: scale.max,
          description: `Integer from ${scale.min} to ${scale.max}, per the scale's anchors.`,
        },
      },
      required: ["reasoning", "strengths", "weaknesses", "score"],
      additionalProperties: false,
    },
  };
}

export interface TBuildJudgePromptArgs {
  rubric: TRubricInput | TRubric;
  input?: unknown;
  output: string;
  expected?: string | null;
  context?: string | null;
}

/** The static part of a judge's instructions: identical for every item of a run, so it can be prompt-cached. */
export function judgeSystemPrompt(rubric: TRubric): string {
  return [
    "You are an impartial evaluator. You grade one AI-generated output against the rubric below and report the grade only by calling the submit_grade tool.",
    "",
    formatRubric(rubric),
    "",
    "Rules:",
    LENGTH_BIAS_RULE,
    "Judge substance, not style or confidence: a fluent, assertive answer that is wrong is still wrong.",
    "A <reference_answer>, when given, is one acceptable answer, not the only one; an answer that differs from it but is correct may score fully.",
    "Use <context>, when given, as the facts the output should rely on.",
    FENCE_RULES,
    "Write your reasoning first, then choose the score whose anchor best fits; use the whole scale.",
  ].join("\n");
}

export function buildJudgePrompt(args: TBuildJudgePromptArgs): TJudgePrompt {
  const rubric = ZRubric.parse(args.rubric);
  const parts: string[] = [];
  if (args.input !== undefined && args.input !== null) parts.push(fence("task_input", stringifyInput(args.input)));
  if (args.context != null) parts.push(fence("context", args.context));
  if (args.expected != null) parts.push(fence("reference_answer", args.expected));
  parts.push(fence("judged_output", args.output));
  parts.push(
    `Grade the judged output (inside the judged_output tags) against the rubric "${rubric.name}" and call ${SUBMIT_GRADE_TOOL}.`,
  );
  return {
    system: [{ text: judgeSystemPrompt(rubric), cache: true }],
    messages: [{ role: "user", content: parts.join("\n\n") }],
    tools: [gradeTool(rubric.scale)],
    toolChoice: { type: "tool", name: SUBMIT_GRADE_TOOL },
  };
}

export interface TJudgeVerdict {
  score: number;
  reasoning: string;
  strengths: string[];
  weaknesses: string[];
}

const ZGradeInput = z.object({
  reasoning: z.string(),
  strengths: z.array(z.string()).default([]),
  weaknesses: z.array(z.string()).default([]),
  // Some models send integers as strings ("4"); accept those, nothing looser.
  score: z.union([
    z.number(),
    z
      .string()
      .regex(/^\s*-?\d+(\.\d+)?\s*$/)
      .transform(Number),
  ]),
});

/** Finds the single call of `toolName` among `toolCalls`. */
export function findToolCall(toolCalls: readonly TToolCallLike[], toolName: string): TToolCallLike {
  const calls = toolCalls.filter((c) => c.name === toolName);
  if (calls.length === 0) throw new JudgeParseError("missing_tool_call", `the judge did not call ${toolName}`);
  if (calls.length > 1)
    throw new JudgeParseError("multiple_tool_calls", `the judge called ${toolName} ${calls.length} times`);
  return calls[0] as TToolCallLike;
}

/** Validates the judge's submit_grade call: an integer score inside the rubric's scale, reasoning, strengths, weaknesses. */
export function parseJudgeToolCall(toolCalls: readonly TToolCallLike[], rubric: TRubricInput | TRubric): TJudgeVerdict {
  const { scale } = ZRubric.parse(rubric);
  const call = findToolCall(toolCalls, SUBMIT_GRADE_TOOL);
  const r = ZGradeInput.safeParse(call.input);
  if (!r.success) {
    const issue = r.error.issues[0];
    const field = issue ? issue.path.join(".") : undefined;
    throw new JudgeParseError(
      "invalid_tool_input",
      `invalid ${SUBMIT_GRADE_TOOL} input: ${field ? `${field}: ` : ""}${issue?.message ?? "unknown"}`,
      field,
    );
  }
  const { score } = r.data;
  if (!Number.isInteger(score) || score < scale.min || score > scale.max) {
    throw new JudgeParseError(
      "score_out_of_scale",
      `score ${score} is not an integer in ${scale.min}..${scale.max}`,
      "score",
    );
  }
  return { score, reasoning: r.data.reasoning, strengths: r.data.strengths, weaknesses: r.data.weaknesses };
}
