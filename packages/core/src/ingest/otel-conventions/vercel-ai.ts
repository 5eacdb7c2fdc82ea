import { defined, int, nanosToIso, num, parseMaybeJson, prefixed, str } from "./attrs";
import type { TConvention } from "./types";

// The Vercel AI SDK's telemetry (experimental_telemetry): ai.* spans. The provider calls
// (ai.*.doGenerate / doStream / doEmbed) are the generations; the outer ai.generateText etc.
// are spans, so tokens and cost are counted once.

const GENERATION_OPS =
  /^ai\.(generateText|streamText|generateObject|streamObject)\.do(Generate|Stream)$|^ai\.embed(Many)?\.doEmbed$/;

function output(a: Record<string, unknown>) {
  const text = str(a["ai.response.text"]);
  const object = parseMaybeJson(a["ai.response.object"]);
  const toolCalls = parseMaybeJson(a["ai.response.toolCalls"]);
  const toolResult = parseMaybeJson(a["ai.toolCall.result"]);
  const embedding = parseMaybeJson(a["ai.embedding"] ?? a["ai.embeddings"]);
  if (toolCalls !== undefined) return defined({ text, toolCalls });
  return text ?? object ?? toolResult ?? embedding;
}

export const vercelAi: TConvention = {
  name: "vercel-ai",
  matches: (a) => a["ai.operationId"] !== undefined,
  consumes: (k) =>
    /^ai\.(model\.id$|response\.(model|text|object|toolCalls|msToFirstChunk)$|prompt($|\.)|usage\.|settings\.|toolCall\.(args|result)$|value$|values$|embeddings?$|telemetry\.(metadata\.|functionId$))/.test(
      k,
    ),
  map(span) {
    const a = span.attributes;
    const op = str(a["ai.operationId"]) ?? "";
    const isGeneration = GENERATION_OPS.test(op);
    const settings = prefixed(a, "ai.settings");
    if (settings) delete settings.maxRetries;
    const meta = prefixed(a, "ai.telemetry.metadata") ?? {};
    const userId = str(meta.userId);
    const sessionId = str(meta.sessionId);
    delete meta.userId;
    delete meta.sessionId;
    const msToFirst = num(a["ai.response.msToFirstChunk"]);
    const start = nanosToIso(span.startTimeUnixNano);
    const noCache = int(a["ai.usage.inputTokenDetails.noCacheTokens"]);
    return {
      observation: {
        type: isGeneration ? "GENERATION" : "SPAN",
        kind: op === "ai.toolCall" ? "tool" : undefined,
        model: str(a["ai.response.model"]) ?? str(a["ai.model.id"]),
        modelParameters: settings && Object.keys(settings).length ? settings : undefined,
        input:
          parseMaybeJson(a["ai.prompt.messages"]) ??
          parseMaybeJson(a["ai.prompt"]) ??
          parseMaybeJson(a["ai.toolCall.args"]) ??
          parseMaybeJson(a["ai.values"] ?? a["ai.value"]),
        output: output(a),
        usage: defined({
          // Yardstick's input counts tokens not read from or written to the cache
          input: noCache ?? int(a["ai.usage.inputTokens"] ?? a["ai.usage.promptTokens"] ?? a["ai.usage.tokens"]),
          output: int(a["ai.usage.outputTokens"] ?? a["ai.usage.completionTokens"]),
          total: int(a["ai.usage.totalTokens"]),
          cacheRead: int(a["ai.usage.inputTokenDetails.cacheReadTokens"] ?? a["ai.usage.cachedInputTokens"]),
          cacheWrite: int(a["ai.usage.inputTokenDetails.cacheWriteTokens"]),
        }),
        completionStartTime:
          msToFirst !== undefined && start ? new Date(Date.parse(start) + msToFirst).toISOString() : undefined,
      },
      trace: {
        name: str(a["ai.telemetry.functionId"]),
        userId,
        sessionId,
        metadata: Object.keys(meta).length ? meta : undefined,
      },
    };
  },
};
