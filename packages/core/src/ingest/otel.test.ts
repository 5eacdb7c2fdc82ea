import { describe, expect, it } from "vitest";
import { ZIngestionEvent } from "@yardstick/contracts/ingest";
import { otelSpansToEvents, type TOtelSpan } from "./otel";

const span = (attributes: Record<string, unknown>, extra: Partial<TOtelSpan> = {}): TOtelSpan => ({
  traceId: "0af7651916cd43dd8448eb211c80319c",
  spanId: "b7ad6b7169203331",
  name: "call",
  startTimeUnixNano: "1700000000000000000",
  endTimeUnixNano: "1700000001000000000",
  attributes,
  resource: {},
  ...extra,
});

function mapOne(attributes: Record<string, unknown>) {
  const events = otelSpansToEvents([span(attributes)], "2026-12-06T08:00:00.000Z");
  for (const e of events) expect(ZIngestionEvent.safeParse(e).success, JSON.stringify(e)).toBe(true);
  return {
    trace: events[0]!.body as Record<string, unknown>,
    obs: { type: events[1]!.type, ...(events[1]!.body as Record<string, unknown>) } as Record<string, unknown>,
  };
}

describe("OTel attribute conventions", () => {
  it("precedence: Langfuse over OpenInference over the AI SDK over GenAI semconv, field by field", () => {
    const { obs } = mapOne({
      "gen_ai.request.model": "semconv-model",
      "gen_ai.usage.input_tokens": 1,
      "gen_ai.usage.output_tokens": 2,
      "gen_ai.usage.cache_read.input_tokens": 9,
      "llm.model_name": "openinference-model",
      "llm.token_count.prompt": 10,
      "langfuse.observation.model.name": "langfuse-model",
      "langfuse.observation.type": "generation",
    });
    expect(obs).toMatchObject({
      type: "generation-create",
      model: "langfuse-model",
      usage: { input: 10, output: 2, cacheRead: 9 },
    });
  });

  it("bad or partial attributes never fail a span: misfits are kept in metadata.unmapped", () => {
    const { obs, trace } = mapOne({
      "langfuse.observation.type": "generation",
      "langfuse.observation.model.name": "m".repeat(500),
      "langfuse.observation.prompt.version": 0,
      "langfuse.observation.prompt.name": "support",
      "langfuse.observation.usage_details": "{not json",
      "langfuse.observation.level": "LOUD",
      "langfuse.environment": "Prod Env!",
      "langfuse.trace.tags": 42,
      "llm.invocation_parameters": "[1,2]",
      "user.id": "u-1",
    });
    expect(obs.type).toBe("generation-create");
    expect(obs).toMatchObject({ promptName: "support" });
    expect(obs.model).toBeUndefined();
    expect(obs.metadata).toMatchObject({
      unmapped: { model: "m".repeat(500), promptVersion: 0, level: "LOUD" },
      "langfuse.observation.usage_details": "{not json",
    });
    expect(trace).toMatchObject({ userId: "u-1", metadata: { unmapped: { environment: "Prod Env!" } } });
  });

  it("Langfuse observation types: agent/tool become spans with their kind, event an event; cost details map", () => {
    expect(mapOne({ "langfuse.observation.type": "agent" }).obs).toMatchObject({
      type: "span-create",
      metadata: { "observation.type": "agent" },
    });
    expect(mapOne({ "langfuse.observation.type": "event" }).obs.type).toBe("event-create");
    const { obs } = mapOne({
      "langfuse.observation.type": "generation",
      "langfuse.observation.usage_details": JSON.stringify({
        input: 5,
        output: 7,
        cache_read_input_tokens: 2,
        reasoning: 3,
      }),
      "langfuse.observation.cost_details": JSON.stringify({ input: 0.1, output: 0.2, total: 0.3 }),
      "langfuse.observation.metadata.customer": "acme",
      "langfuse.observation.completion_start_time": JSON.stringify("2023-11-14T22:13:20.500Z"),
    });
    expect(obs).toMatchObject({
      usage: { input: 5, output: 7, cacheRead: 2 },
      cost: { input: 0.1, output: 0.2, total: 0.3 },
      completionStartTime: "2023-11-14T22:13:20.500Z",
      metadata: { customer: "acme", usage_details: { reasoning: 3 } },
    });
  });

  it("OpenLLMetry's indexed gen_ai.prompt.N / gen_ai.completion.N and association properties", () => {
    const { obs, trace } = mapOne({
      "gen_ai.system": "anthropic",
      "gen_ai.request.model": "claude-haiku-4-5",
      "gen_ai.prompt.0.role": "user",
      "gen_ai.prompt.0.content": "hi",
      "gen_ai.completion.0.role": "assistant",
      "gen_ai.completion.0.content": "hello",
      "traceloop.association.properties.user_id": "u-9",
      "traceloop.association.properties.session_id": "s-9",
      "traceloop.association.properties.tenant": "acme",
    });
    expect(obs).toMatchObject({
      type: "generation-create",
      input: [{ role: "user", content: "hi" }],
      output: [{ role: "assistant", content: "hello" }],
    });
    expect(trace).toMatchObject({ userId: "u-9", sessionId: "s-9", metadata: { tenant: "acme" } });
  });

  it("a span with no convention stays a plain span with its attributes as metadata", () => {
    const { obs } = mapOne({ "db.system": "postgresql" });
    expect(obs).toMatchObject({ type: "span-create", metadata: { "db.system": "postgresql" } });
  });
});
