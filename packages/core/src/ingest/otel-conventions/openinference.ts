import { defined, indexed, int, num, parseMaybeJson, record, str } from "./attrs";
import type { TConvention } from "./types";

// OpenInference (Arize): openinference.span.kind, llm.*, input.value / output.value, user.id,
// session.id, metadata, tag.tags.

const GENERATION_KINDS = new Set(["LLM", "EMBEDDING"]);

/** llm.input_messages.N.message.{role,content,contents.M.message_content.text} → [{role, content}]. */
function messages(attrs: Record<string, unknown>, prefix: string) {
  const list = indexed(attrs, prefix);
  if (!list) return undefined;
  return list.map((m) => {
    const parts = Object.entries(m)
      .filter(([k]) => /^message\.contents\.\d+\.message_content\.text$/.test(k))
      .map(([, v]) => v);
    const toolCalls = indexed(
      Object.fromEntries(Object.entries(m).filter(([k]) => k.startsWith("message.tool_calls."))),
      "message.tool_calls",
    );
    return defined({
      role: m["message.role"],
      content: m["message.content"] ?? (parts.length === 1 ? parts[0] : parts.length ? parts : undefined),
      tool_calls: toolCalls,
    });
  });
}

export const openInference: TConvention = {
  name: "openinference",
  matches: (a) => a["openinference.span.kind"] !== undefined || a["llm.model_name"] !== undefined,
  consumes: (k) =>
    /^(openinference\.span\.kind|llm\.(model_name|request\.model_name|response\.model_name|invocation_parameters|input_messages|output_messages|token_count|cost)|input\.(value|mime_type)|output\.(value|mime_type)|user\.id|session\.id|tag\.tags|metadata)($|\.)/.test(
      k,
    ),
  map(span) {
    const a = span.attributes;
    const kind = str(a["openinference.span.kind"])?.toUpperCase();
    const isGeneration = kind ? GENERATION_KINDS.has(kind) : true;
    const params = record(a["llm.invocation_parameters"]);
    if (params) delete params.model;
    const system = params?.system;
    if (params) delete params.system;
    const inputMessages = messages(a, "llm.input_messages");
    const input =
      isGeneration && inputMessages
        ? system !== undefined
          ? [{ role: "system", content: system }, ...inputMessages]
          : inputMessages
        : parseMaybeJson(a["input.value"]);
    const output = (isGeneration && messages(a, "llm.output_messages")) || parseMaybeJson(a["output.value"]);
    const tags = parseMaybeJson(a["tag.tags"]);
    return {
      observation: {
        type: isGeneration ? "GENERATION" : "SPAN",
        kind: kind?.toLowerCase(),
        model: str(a["llm.response.model_name"]) ?? str(a["llm.model_name"]),
        modelParameters: params && Object.keys(params).length ? params : undefined,
        input,
        output,
        usage: defined({
          input: int(a["llm.token_count.prompt"]),
          output: int(a["llm.token_count.completion"]),
          total: int(a["llm.token_count.total"]),
          cacheRead: int(a["llm.token_count.prompt_details.cache_read"]),
          cacheWrite: int(a["llm.token_count.prompt_details.cache_write"]),
        }),
        cost: defined({
          input: num(a["llm.cost.prompt"]),
          output: num(a["llm.cost.completion"]),
          total: num(a["llm.cost.total"]),
        }),
      },
      trace: {
        userId: str(a["user.id"]),
        sessionId: str(a["session.id"]),
        tags: Array.isArray(tags) ? tags : undefined,
      },
      metadata: record(a["metadata"]),
    };
  },
};
