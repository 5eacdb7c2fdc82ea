import { z } from "zod";
import { LlmError } from "./errors";

export const ZMessage = z.object({
  role: z.enum(["user", "assistant"]),
  content: z.string(),
});
export type TMessage = z.infer<typeof ZMessage>;

/** A system block; `cache: true` marks static text (e.g. a judge rubric) for prompt caching. */
export const ZSystemBlock = z.object({
  text: z.string().min(1),
  cache: z.boolean().optional(),
});
export type TSystemBlock = z.infer<typeof ZSystemBlock>;

export const ZTool = z.object({
  // Both Anthropic and OpenAI restrict tool names to this alphabet.
  name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, "tool names are 1-64 characters of [a-zA-Z0-9_-]"),
  description: z.string().optional(),
  inputSchema: z.looseObject({ type: z.literal("object") }),
});
export type TTool = z.infer<typeof ZTool>;

export const ZToolChoice = z.discriminatedUnion("type", [
  z.object({ type: z.literal("auto") }),
  z.object({ type: z.literal("any") }),
  z.object({ type: z.literal("tool"), name: z.string().min(1) }),
]);
export type TToolChoice = z.infer<typeof ZToolChoice>;

export const ZCompleteParams = z
  .object({
    temperature: z.number().min(0).max(2).optional(),
    maxTokens: z.number().int().positive().optional(),
    topP: z.number().min(0).max(1).optional(),
    stop: z.array(z.string().min(1)).max(16).optional(),
  })
  .strict();
export type TCompleteParams = z.infer<typeof ZCompleteParams>;

export const ZCompleteRequest = z
  .object({
    model: z.string().min(1),
    system: z.union([z.string(), z.array(ZSystemBlock)]).optional(),
    messages: z.array(ZMessage).min(1),
    params: ZCompleteParams.optional(),
    tools: z.array(ZTool).optional(),
    toolChoice: ZToolChoice.optional(),
    signal: z.instanceof(AbortSignal).optional(),
  })
  .strict()
  .superRefine((req, ctx) => {
    if (req.toolChoice && !req.tools?.length) {
      ctx.addIssue({ code: "custom", path: ["toolChoice"], message: "toolChoice needs tools" });
    }
    if (
      req.toolChoice?.type === "tool" &&
      !req.tools?.some((t) => t.name === (req.toolChoice as { name: string }).name)
    ) {
      ctx.addIssue({
        code: "custom",
        path: ["toolChoice", "name"],
        message: "toolChoice names a tool that is not in tools",
      });
    }
    const names = new Set<string>();
    for (const [i, t] of (req.tools ?? []).entries()) {
      if (names.has(t.name))
        ctx.addIssue({ code: "custom", path: ["tools", i, "name"], message: "duplicate tool name" });
      names.add(t.name);
    }
  });
export type TCompleteRequest = z.input<typeof ZCompleteRequest>;
export type TParsedCompleteRequest = z.output<typeof ZCompleteRequest>;

/** Normalised across providers. */
export type TStopReason = "end_turn" | "max_tokens" | "stop_sequence" | "tool_use" | "refusal" | "other";

export interface TToolCall {
  id: string;
  name: string;
  input: unknown;
}

/** `inputTokens` excludes cached tokens (Anthropic's convention); cache reads/writes are counted apart. */
export interface TUsage {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
}

export interface TCompleteResult {
  text: string;
  toolCalls: TToolCall[];
  usage: TUsage;
  /** Time of the successful attempt (request sent → response complete); excludes queueing and retries. */
  latencyMs: number;
  /** The model the provider reports having used. */
  model: string;
  stopReason: TStopReason;
}

export interface TEmbedResult {
  vectors: number[][];
  model: string;
  usage: { inputTokens: number };
  latencyMs: number;
}

export interface LlmProvider {
  readonly name: string;
  complete(req: TCompleteRequest): Promise<TCompleteResult>;
  /** Streams text deltas to `onText`; resolves with the same result shape as `complete`. */
  stream?(req: TCompleteRequest, onText: (delta: string) => void): Promise<TCompleteResult>;
  embed?(texts: string[], model?: string): Promise<TEmbedResult>;
}

/** Validates a request before any network call; a bad request becomes a typed `bad_request` error. */
export function parseCompleteRequest(input: TCompleteRequest, provider?: string): TParsedCompleteRequest {
  const parsed = ZCompleteRequest.safeParse(input);
  if (parsed.success) return parsed.data;
  const detail = parsed.error.issues.map((i) => `${i.path.join(".") || "(request)"}: ${i.message}`).join("; ");
  throw new LlmError({ kind: "bad_request", message: `Invalid completion request: ${detail}`, provider });
}

export const ZEmbedInput = z.array(z.string()).min(1).max(2048);

export function emptyUsage(): TUsage {
  return { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 };
}
