import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ZIngestionEvent, type TIngestionEvent } from "@yardstick/contracts/ingest";
import { otelSpansToEvents } from "@yardstick/core/ingest";
import { flattenOtlp } from "./otel-ingest";

// Fixtures are what the real packages exported (packages/api/test/instrumentations/capture-fixtures.ts):
// the same support-bot turn through each instrumentation, against the fake Messages API.

function load(name: string) {
  const fixture = JSON.parse(readFileSync(new URL(`./otel-fixtures/${name}.json`, import.meta.url), "utf8")) as {
    requests: Array<{ body: unknown }>;
  };
  const spans = fixture.requests.flatMap((r) => flattenOtlp(r.body));
  const events = otelSpansToEvents(spans, "2026-12-06T08:00:00.000Z");
  for (const e of events) expect(ZIngestionEvent.safeParse(e).success, JSON.stringify(e)).toBe(true);
  const bodies = events.map(
    (e) => ({ type: e.type, ...(e.body as Record<string, unknown>) }) as Record<string, unknown>,
  );
  const generations = bodies.filter((b) => b.type === "generation-create");
  const trace = bodies.find((b) => b.type === "trace-create")!;
  const byName = (n: string) => bodies.find((b) => b.name === n && b.type !== "trace-create")!;
  return { events, bodies, generations, trace, byName };
}

const SYSTEM = "You are a concise support assistant.";
const QUESTION = "Where is my order 1234?";
const ANSWER = "Order 1234 ships today.";
const person = { userId: "user-42", sessionId: "session-7" };

describe("attribute conventions, on spans captured from the real packages", () => {
  it("OpenInference: the LLM span is the generation; the SDK's own span under it is not counted twice", () => {
    const { generations, trace, byName } = load("openinference");
    expect(generations).toHaveLength(1);
    expect(generations[0]).toMatchObject({
      name: "Anthropic Messages",
      model: "claude-sonnet-4-6",
      modelParameters: { max_tokens: 256 },
      usage: { input: 15, output: 6, total: 21 },
      input: [
        { role: "system", content: SYSTEM },
        { role: "user", content: QUESTION },
      ],
      output: [{ role: "assistant", content: ANSWER }],
      metadata: { "observation.type": "llm", "llm.provider": "anthropic" },
    });
    const sdkSpan = byName("anthropic.messages.create");
    expect(sdkSpan.type).toBe("span-create");
    expect((sdkSpan.metadata as Record<string, unknown>)["yardstick.duplicate_of"]).toBe(generations[0]!.id);
    expect(trace).toMatchObject({ ...person, name: "Anthropic Messages" });
  });

  it("Langfuse v5: observation types, model, usage, prompt link, trace name, tags, user, session, I/O", () => {
    const { generations, trace, byName } = load("langfuse");
    expect(generations).toHaveLength(1);
    expect(generations[0]).toMatchObject({
      name: "anthropic-messages",
      model: "claude-sonnet-4-6",
      modelParameters: { max_tokens: 256 },
      usage: { input: 15, output: 6 },
      promptName: "support-answer",
      promptVersion: 3,
      input: [
        { role: "system", content: SYSTEM },
        { role: "user", content: QUESTION },
      ],
      output: { role: "assistant", content: ANSWER },
    });
    expect(byName("handle-question")).toMatchObject({ type: "span-create", output: { answer: ANSWER } });
    expect(byName("anthropic.messages.create").type).toBe("span-create");
    expect(trace).toMatchObject({
      ...person,
      name: "support-turn",
      tags: ["support"],
      input: { question: QUESTION },
      output: { answer: ANSWER },
    });
  });

  it("OpenLLMetry (Traceloop): chat generation from gen_ai.*, workflow span, user and session from association properties", () => {
    const { generations, trace, byName } = load("traceloop");
    expect(generations).toHaveLength(1);
    expect(generations[0]).toMatchObject({
      name: "chat claude-sonnet-4-6",
      model: "claude-sonnet-4-6",
      usage: { input: 15, output: 6 },
      input: { messages: [{ role: "user", parts: [{ type: "text", content: QUESTION }] }] },
      output: [{ role: "assistant", parts: [{ type: "text", content: ANSWER }] }],
    });
    expect(byName("answer_question.workflow")).toMatchObject({
      type: "span-create",
      metadata: { "observation.type": "workflow" },
    });
    expect(trace).toMatchObject({ ...person, name: "answer_question" });
  });

  it("Vercel AI SDK: doGenerate is the generation, generateText a span; user and session from telemetry metadata", () => {
    const { generations, trace, byName } = load("vercel-ai");
    expect(generations).toHaveLength(1);
    expect(generations[0]).toMatchObject({
      name: "ai.generateText.doGenerate",
      model: "claude-sonnet-4-6",
      modelParameters: { maxOutputTokens: 256 },
      usage: { input: 15, output: 6, total: 21, cacheRead: 0, cacheWrite: 0 },
      input: [
        { role: "system", content: SYSTEM },
        { role: "user", content: [{ type: "text", text: QUESTION }] },
      ],
      output: ANSWER,
    });
    expect(byName("ai.generateText")).toMatchObject({ type: "span-create", output: ANSWER });
    expect(trace).toMatchObject({ ...person, name: "answer-question", output: ANSWER });
  });

  it("every fixture's events are valid ingestion events with stable ids (a re-export stores nothing twice)", () => {
    for (const name of ["openinference", "langfuse", "traceloop", "vercel-ai"]) {
      const a = load(name).events.map((e: TIngestionEvent) => e.id);
      const b = load(name).events.map((e: TIngestionEvent) => e.id);
      expect(a).toEqual(b);
    }
  });
});
