import { defined, indexed, int, parseMaybeJson, str } from "./attrs";
import type { TConvention, TOtelAttributes } from "./types";

// OpenTelemetry GenAI semantic conventions (gen_ai.*), including the older indexed form that
// OpenLLMetry used (gen_ai.prompt.N.role / gen_ai.completion.N.content) and the message events.

const PARAMS: Record<string, string> = {
  "gen_ai.request.temperature": "temperature",
  "gen_ai.request.max_tokens": "max_tokens",
  "gen_ai.request.top_p": "top_p",
  "gen_ai.request.top_k": "top_k",
  "gen_ai.request.frequency_penalty": "frequency_penalty",
  "gen_ai.request.presence_penalty": "presence_penalty",
  "gen_ai.request.seed": "seed",
  "gen_ai.request.stop_sequences": "stop",
};

export function isGenAiSpan(attrs: TOtelAttributes): boolean {
  return (
    attrs["gen_ai.operation.name"] !== undefined ||
    attrs["gen_ai.request.model"] !== undefined ||
    attrs["gen_ai.system"] !== undefined ||
    attrs["gen_ai.provider.name"] !== undefined
  );
}

const CONSUMED =
  /^gen_ai\.(request\.|response\.model$|usage\.|prompt|completion|input\.messages$|output\.messages$|system_instructions$|conversation\.id$)/;

export const genAi: TConvention = {
  name: "gen_ai",
  matches: (a) => isGenAiSpan(a) || Object.keys(a).some((k) => k.startsWith("gen_ai.")),
  consumes: (k) => CONSUMED.test(k),
  map(span) {
    const a = span.attributes;
    const modelParameters: Record<string, unknown> = {};
    for (const [k, name] of Object.entries(PARAMS)) if (a[k] !== undefined) modelParameters[name] = a[k];
    const eventMessages = (span.events ?? [])
      .filter((e) => /^gen_ai\.(system|user|assistant|tool)\.message$/.test(e.name))
      .map((e) => ({ role: e.name.split(".")[1], ...(e.attributes ?? {}) }));
    const choice = (span.events ?? []).filter((e) => e.name === "gen_ai.choice").map((e) => e.attributes);
    const input =
      parseMaybeJson(a["gen_ai.input.messages"]) ??
      parseMaybeJson(a["gen_ai.prompt"]) ??
      indexed(a, "gen_ai.prompt") ??
      (eventMessages.length ? eventMessages : undefined);
    const system = parseMaybeJson(a["gen_ai.system_instructions"]);
    const output =
      parseMaybeJson(a["gen_ai.output.messages"]) ??
      parseMaybeJson(a["gen_ai.completion"]) ??
      indexed(a, "gen_ai.completion") ??
      (choice.length ? choice : undefined);
    return {
      observation: {
        type: isGenAiSpan(a) ? "GENERATION" : undefined,
        model: str(a["gen_ai.response.model"]) ?? str(a["gen_ai.request.model"]),
        modelParameters: Object.keys(modelParameters).length ? modelParameters : undefined,
        input: system !== undefined && input !== undefined ? { system, messages: input } : (input ?? system),
        output,
        usage: defined({
          input: int(a["gen_ai.usage.input_tokens"] ?? a["gen_ai.usage.prompt_tokens"]),
          output: int(a["gen_ai.usage.output_tokens"] ?? a["gen_ai.usage.completion_tokens"]),
          cacheRead: int(a["gen_ai.usage.cache_read_input_tokens"] ?? a["gen_ai.usage.cache_read.input_tokens"]),
          cacheWrite: int(
            a["gen_ai.usage.cache_creation_input_tokens"] ??
              a["gen_ai.usage.cache_creation.input_tokens"] ??
              a["gen_ai.usage.cache_write.input_tokens"],
          ),
        }),
      },
      trace: { sessionId: str(a["gen_ai.conversation.id"]) },
    };
  },
};
