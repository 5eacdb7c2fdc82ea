/**
 * Faithfulness (hallucination) check in two model calls: extract atomic claims from the output,
 * then verify each against the context. The model calls happen elsewhere; this builds the prompts,
 * parses the tool calls and scores the verdicts.
 */
import { z } from "zod";
import type { TGradeResult } from "../graders/types";
import { JudgeParseError } from "./errors";
import { fence, FENCE_RULES, stringifyInput } from "./fence";
import { findToolCall } from "./prompt";
import type { TJudgePrompt, TToolCallLike } from "./types";

export const CLAIM_VERDICTS = ["SUPPORTED", "UNSUPPORTED", "REASONABLE_INFERENCE", "NOT_CHECKABLE"] as const;
export type TClaimVerdictLabel = (typeof CLAIM_VERDICTS)[number];

export const EXTRACT_CLAIMS_TOOL = "extract_claims";
export const SUBMIT_VERDICTS_TOOL = "submit_verdicts";

const EXTRACTION_SYSTEM = [
  "You split an AI-generated output into atomic factual claims so each can be checked separately.",
  'A claim is one self-contained statement of fact: resolve pronouns ("it" → the thing it refers to) and keep numbers, names and dates exactly as written.',
  "Include every factual statement, even ones that look obviously true. Leave out greetings, questions, opinions and instructions to the reader.",
  "Do not judge the claims and do not add facts that are not in the output.",
  FENCE_RULES,
  `Report the claims only by calling ${EXTRACT_CLAIMS_TOOL}; an output with no factual claims gives an empty list.`,
].join("\n");

export function buildClaimExtractionPrompt(args: { output: string; input?: unknown }): TJudgePrompt {
  const parts: string[] = [];
  if (args.input !== undefined && args.input !== null) parts.push(fence("task_input", stringifyInput(args.input)));
  parts.push(fence("judged_output", args.output));
  parts.push(
    `Extract the factual claims of the judged output (inside the judged_output tags) and call ${EXTRACT_CLAIMS_TOOL}.`,
  );
  return {
    system: [{ text: EXTRACTION_SYSTEM, cache: true }],
    messages: [{ role: "user", content: parts.join("\n\n") }],
    tools: [
      {
        name: EXTRACT_CLAIMS_TOOL,
        description: "Submit the atomic factual claims made by the judged output.",
        inputSchema: {
          type: "object",
          properties: {
            claims: {
              type: "array",
              items: { type: "string" },
              description: "One self-contained factual claim per entry.",
            },
          },
          required: ["claims"],
          additionalProperties: false,
        },
      },
    ],
    toolChoice: { type: "tool", name: EXTRACT_CLAIMS_TOOL },
  };
}

/** Claims from the extraction call: trimmed, empty ones dropped, exact duplicates removed. */
export function parseClaims(toolCalls: readonly TToolCallLike[]): string[] {
  const call = findToolCall(toolCalls, EXTRACT_CLAIMS_TOOL);
  const r = z.object({ claims: z.array(z.string()) }).safeParse(call.input);
  if (!r.success)
    throw new JudgeParseError(
      "invalid_tool_input",
      `invalid ${EXTRACT_CLAIMS_TOOL} input: claims must be an array of strings`,
      "claims",
    );
  return [...new Set(r.data.claims.map((c) => c.trim()).filter((c) => c.length > 0))];
}

const VERIFICATION_SYSTEM = [
  "You check claims against a context. For each numbered claim choose exactly one verdict:",
  "SUPPORTED: the context states it (paraphrase is fine).",
  "REASONABLE_INFERENCE: not stated, but follows directly and safely from the context.",
  "UNSUPPORTED: the context contradicts it, or it asserts specifics (facts, numbers, names) the context does not give.",
  "NOT_CHECKABLE: not a factual claim about the subject of the context (general knowledge, advice, opinion, pleasantries).",
  "Use only the context, not your own knowledge: a claim that is true in the world but absent from the context is UNSUPPORTED unless it is NOT_CHECKABLE.",
  FENCE_RULES,
  `Report one verdict per claim, with a one-sentence reason, only by calling ${SUBMIT_VERDICTS_TOOL}.`,
].join("\n");

export function buildClaimVerificationPrompt(args: {
  claims: readonly string[];
  context: string;
  input?: unknown;
}): TJudgePrompt {
  const numbered = args.claims.map((c, i) => `${i + 1}. ${c.replace(/\s*\n\s*/g, " ")}`).join("\n");
  const parts: string[] = [];
  if (args.input !== undefined && args.input !== null) parts.push(fence("task_input", stringifyInput(args.input)));
  parts.push(fence("context", args.context));
  parts.push(fence("claims", numbered));
  parts.push(`Check each of the ${args.claims.length} claims against the context and call ${SUBMIT_VERDICTS_TOOL}.`);
  return {
    system: [{ text: VERIFICATION_SYSTEM, cache: true }],
    messages: [{ role: "user", content: parts.join("\n\n") }],
    tools: [
      {
        name: SUBMIT_VERDICTS_TOOL,
        description: "Submit one verdict for every numbered claim.",
        inputSchema: {
          type: "object",
          properties: {
            verdicts: {
              type: "array",
              items: {
                type: "object",
                properties: {
                  claim: {
                    type: "integer",
                    minimum: 1,
                    maximum: Math.max(1, args.claims.length),
                    description: "The claim's number.",
                  },
                  verdict: { type: "string", enum: [...CLAIM_VERDICTS] },
                  reason: { type: "string" },
                },
                required: ["claim", "verdict", "reason"],
                additionalProperties: false,
              },
            },
          },
          required: ["verdicts"],
          additionalProperties: false,
        },
      },
    ],
    toolChoice: { type: "tool", name: SUBMIT_VERDICTS_TOOL },
  };
}

export interface TClaimVerdict {
  claim: string;
  verdict: TClaimVerdictLabel;
  reason: string;
}

const ZVerdicts = z.object({
  verdicts: z.array(
    z.object({ claim: z.number().int(), verdict: z.enum(CLAIM_VERDICTS), reason: z.string().default("") }),
  ),
});

/** One verdict per claim, in claim order. A missing, duplicated or unknown claim number is a JudgeParseError: a skipped claim could hide a hallucination. */
export function parseClaimVerdicts(toolCalls: readonly TToolCallLike[], claims: readonly string[]): TClaimVerdict[] {
  const call = findToolCall(toolCalls, SUBMIT_VERDICTS_TOOL);
  const r = ZVerdicts.safeParse(call.input);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new JudgeParseError(
      "invalid_tool_input",
      `invalid ${SUBMIT_VERDICTS_TOOL} input: ${issue ? `${issue.path.join(".")}: ${issue.message}` : "unknown"}`,
      issue?.path.join("."),
    );
  }
  const byIndex = new Map<number, { verdict: TClaimVerdictLabel; reason: string }>();
  for (const v of r.data.verdicts) {
    if (v.claim < 1 || v.claim > claims.length)
      throw new JudgeParseError(
        "verdict_mismatch",
        `verdict for unknown claim ${v.claim} (there are ${claims.length})`,
        "verdicts",
      );
    if (byIndex.has(v.claim))
      throw new JudgeParseError("verdict_mismatch", `claim ${v.claim} has more than one verdict`, "verdicts");
    byIndex.set(v.claim, v);
  }
  return claims.map((claim, i) => {
    const v = byIndex.get(i + 1);
    if (!v) throw new JudgeParseError("verdict_mismatch", `claim ${i + 1} has no verdict`, "verdicts");
    return { claim, verdict: v.verdict, reason: v.reason };
  });
}

export interface TFaithfulnessScore {
  /**
   * (SUPPORTED + REASONABLE_INFERENCE) / checkable, where checkable excludes NOT_CHECKABLE: claims the
   * context cannot speak to neither help nor hurt. null when nothing is checkable (no claims, or all NOT_CHECKABLE).
   */
  faithfulness: number | null;
  /** Any claim UNSUPPORTED. */
  hasHallucinations: boolean;
  counts: Record<TClaimVerdictLabel, number>;
  total: number;
  checkable: number;
  unsupportedClaims: string[];
}

export function scoreFaithfulness(
  verdicts: readonly { verdict: TClaimVerdictLabel; claim?: string }[],
): TFaithfulnessScore {
  const counts: Record<TClaimVerdictLabel, number> = {
    SUPPORTED: 0,
    UNSUPPORTED: 0,
    REASONABLE_INFERENCE: 0,
    NOT_CHECKABLE: 0,
  };
  for (const v of verdicts) counts[v.verdict]++;
  const checkable = verdicts.length - counts.NOT_CHECKABLE;
  return {
    faithfulness: checkable === 0 ? null : (counts.SUPPORTED + counts.REASONABLE_INFERENCE) / checkable,
    hasHallucinations: counts.UNSUPPORTED > 0,
    counts,
    total: verdicts.length,
    checkable,
    unsupportedClaims: verdicts.filter((v) => v.verdict === "UNSUPPORTED").map((v) => v.claim ?? ""),
  };
}

/**
 * Faithfulness as a grade: pass when faithfulness ≥ threshold (default 1: no unsupported claim).
 * With nothing checkable the grade passes with score 1 and says so: there is nothing to contradict.
 */
export function faithfulnessGradeResult(
  verdicts: readonly TClaimVerdict[],
  opts: { threshold?: number } = {},
): TGradeResult {
  const threshold = opts.threshold ?? 1;
  const s = scoreFaithfulness(verdicts);
  const details = { ...s, threshold, verdicts };
  if (s.faithfulness === null) {
    return {
      pass: true,
      score: 1,
      reason: `no checkable claims (${s.total} claim${s.total === 1 ? "" : "s"}, all NOT_CHECKABLE or none)`,
      details,
    };
  }
  const pass = s.faithfulness >= threshold - 1e-12;
  const unsupported = s.unsupportedClaims
    .slice(0, 3)
    .map((c) => JSON.stringify(c))
    .join("; ");
  return {
    pass,
    score: s.faithfulness,
    reason: `faithfulness ${s.faithfulness.toFixed(3)} (${s.counts.SUPPORTED + s.counts.REASONABLE_INFERENCE}/${s.checkable} checkable claims supported)${s.hasHallucinations ? `; unsupported: ${unsupported}` : ""}`,
    details,
  };
}
