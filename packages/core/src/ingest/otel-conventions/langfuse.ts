import { defined, num, parseMaybeJson, prefixed, record, str } from "./attrs";
import type { TConvention } from "./types";

// Langfuse's SDKs (v3+ are OpenTelemetry-based): langfuse.observation.*, langfuse.trace.*,
// user.id / session.id, langfuse.release / version / environment.

const TYPES: Record<string, "SPAN" | "GENERATION" | "EVENT"> = {
  generation: "GENERATION",
  embedding: "GENERATION",
  event: "EVENT",
};

/** Langfuse's usage_details / cost_details keys (its own, OpenAI's and Anthropic's names) → Yardstick's. */
const DETAIL_KEYS: Record<string, string> = {
  input: "input",
  prompt_tokens: "input",
  input_tokens: "input",
  output: "output",
  completion_tokens: "output",
  output_tokens: "output",
  total: "total",
  total_tokens: "total",
  input_cache_read: "cacheRead",
  cache_read_input_tokens: "cacheRead",
  input_cached_tokens: "cacheRead",
  input_cache_creation: "cacheWrite",
  cache_creation_input_tokens: "cacheWrite",
};

function details(v: unknown) {
  const r = record(v);
  if (!r) return { mapped: undefined, rest: undefined };
  const mapped: Record<string, number> = {};
  const rest: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(r)) {
    const to = DETAIL_KEYS[k];
    const n = num(x);
    if (to && n !== undefined) mapped[to] = n;
    else rest[k] = x;
  }
  return { mapped: Object.keys(mapped).length ? mapped : undefined, rest: Object.keys(rest).length ? rest : undefined };
}

const CONSUMED =
  /^(langfuse\.(observation\.|trace\.|user\.id$|session\.id$|release$|version$|environment$)|user\.id$|session\.id$)/;

export const langfuse: TConvention = {
  name: "langfuse",
  matches: (a) => Object.keys(a).some((k) => k.startsWith("langfuse.")),
  consumes: (k) => CONSUMED.test(k),
  map(span) {
    const a = span.attributes;
    const type = str(a["langfuse.observation.type"]);
    const usage = details(a["langfuse.observation.usage_details"]);
    const cost = details(a["langfuse.observation.cost_details"]);
    const tags = parseMaybeJson(a["langfuse.trace.tags"]);
    const level = str(a["langfuse.observation.level"])?.toUpperCase();
    return {
      observation: {
        type: type ? (TYPES[type] ?? "SPAN") : undefined,
        kind: type,
        model: str(a["langfuse.observation.model.name"]),
        modelParameters: record(a["langfuse.observation.model.parameters"]),
        input: parseMaybeJson(a["langfuse.observation.input"]),
        output: parseMaybeJson(a["langfuse.observation.output"]),
        usage: usage.mapped,
        cost: cost.mapped,
        promptName: str(a["langfuse.observation.prompt.name"]),
        promptVersion: num(a["langfuse.observation.prompt.version"]),
        level,
        statusMessage: str(a["langfuse.observation.status_message"]),
        completionStartTime: parseMaybeJson(a["langfuse.observation.completion_start_time"]),
      },
      trace: {
        name: str(a["langfuse.trace.name"]),
        userId: str(a["user.id"]) ?? str(a["langfuse.user.id"]),
        sessionId: str(a["session.id"]) ?? str(a["langfuse.session.id"]),
        tags: Array.isArray(tags) ? tags : typeof tags === "string" ? [tags] : undefined,
        release: str(a["langfuse.release"]),
        version: str(a["langfuse.version"]),
        environment: str(a["langfuse.environment"]),
        input: parseMaybeJson(a["langfuse.trace.input"]),
        output: parseMaybeJson(a["langfuse.trace.output"]),
        metadata: prefixed(a, "langfuse.trace.metadata"),
      },
      metadata: defined({
        ...prefixed(a, "langfuse.observation.metadata"),
        usage_details: usage.rest,
        cost_details: cost.rest,
      }),
    };
  },
};
