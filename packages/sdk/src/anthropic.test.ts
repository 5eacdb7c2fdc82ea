import Anthropic from "@anthropic-ai/sdk";
import type { TIngestionEvent } from "@yardstick/contracts/ingest";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Yardstick, wrapAnthropic } from "./index";
import type { YardstickError } from "./errors";
import { startFakeIngestion, type FakeIngestion } from "./testing/fake-ingestion";
import { startFakeMessages, type FakeMessages } from "./testing/fake-messages";

let api: FakeMessages;
let ingest: FakeIngestion;
let ys: Yardstick;
let errors: YardstickError[];
let anthropic: Anthropic;

beforeAll(async () => {
  api = await startFakeMessages();
  ingest = await startFakeIngestion();
});
afterAll(async () => {
  await Promise.all([api.close(), ingest.close()]);
});
beforeEach(() => {
  errors = [];
  ingest.requests.length = 0;
  ys = new Yardstick({
    baseUrl: ingest.url,
    apiKey: "ys_sk_test",
    flushIntervalMs: 60_000,
    onError: (e) => errors.push(e),
  });
  anthropic = new Anthropic({ apiKey: "sk-ant-test", baseURL: api.url, maxRetries: 0 });
});
afterEach(async () => {
  await ys.shutdown();
  expect(ingest.invalid).toEqual([]);
  expect(errors).toEqual([]);
});

type TBody = Record<string, unknown>;
async function recorded(): Promise<{ events: TIngestionEvent[]; create: TBody; end: TBody }> {
  await ys.flush();
  const events = ingest.delivered();
  const create = events.find((e) => e.type === "generation-create")?.body as TBody | undefined;
  const end = events.find((e) => e.type === "generation-update")?.body as TBody | undefined;
  if (!create || !end) throw new Error(`no generation recorded: ${JSON.stringify(events.map((e) => e.type))}`);
  return { events, create, end };
}

// Fields the SDK types do not declare still travel in the body; a variable (not a literal) lets them through.
const params = {
  model: "claude-test",
  max_tokens: 256,
  temperature: 0.2,
  top_p: 0.9,
  stop_sequences: ["END"],
  system: "Be brief.",
  messages: [{ role: "user" as const, content: "Say hello" }],
};
const USAGE = { input: 12, output: 7, cacheRead: 300, cacheWrite: 40, total: 359 };

describe("wrapAnthropic", () => {
  it("records messages.create: model, params, input, output, usage with cache tokens, timings", async () => {
    api.enqueue({ kind: "message", text: "Hello!" });
    const client = wrapAnthropic(anthropic, ys, { traceName: "greet" });
    const started = Date.now();
    const message = await client.messages.create(params);
    expect(message.content).toEqual([{ type: "text", text: "Hello!" }]);
    expect(message._request_id).toMatch(/^req_/);

    const { events, create, end } = await recorded();
    expect(events.map((e) => e.type)).toEqual(["trace-create", "generation-create", "generation-update"]);
    expect(events[0]?.body).toMatchObject({ name: "greet" });
    expect(create).toMatchObject({
      name: "anthropic.messages.create",
      traceId: (events[0]?.body as TBody).id,
      model: "claude-test",
      modelParameters: { max_tokens: 256, temperature: 0.2, top_p: 0.9, stop_sequences: ["END"] },
      input: { system: "Be brief.", messages: [{ role: "user", content: "Say hello" }] },
    });
    expect(end).toMatchObject({
      id: create.id,
      model: "claude-test-20260101",
      output: { role: "assistant", content: [{ type: "text", text: "Hello!" }] },
      usage: USAGE,
      metadata: { messageId: message.id, stopReason: "end_turn" },
    });
    expect(end).not.toHaveProperty("level");
    const start = Date.parse(create.startTime as string);
    const finish = Date.parse(end.endTime as string);
    expect(start).toBeGreaterThanOrEqual(started - 5);
    expect(finish).toBeGreaterThanOrEqual(start);
    expect(api.requests.at(-1)).toMatchObject({ model: "claude-test", temperature: 0.2 });
  });

  it("keeps the APIPromise: withResponse() still works", async () => {
    const client = wrapAnthropic(anthropic, ys);
    const { data, response, request_id } = await client.messages.create(params).withResponse();
    expect(response.status).toBe(200);
    expect(request_id).toMatch(/^req_/);
    expect(data.content[0]).toMatchObject({ type: "text" });
    const { end } = await recorded();
    expect(end.usage).toEqual(USAGE);
  });

  it("records create({ stream: true }) while the host iterates every event", async () => {
    api.enqueue({ kind: "message", text: "Streaming hello", sseGapMs: 30 });
    const client = wrapAnthropic(anthropic, ys);
    const stream = await client.messages.create({ ...params, stream: true });
    const seen: string[] = [];
    let text = "";
    for await (const ev of stream) {
      seen.push(ev.type);
      if (ev.type === "content_block_delta" && ev.delta.type === "text_delta") text += ev.delta.text;
    }
    expect(text).toBe("Streaming hello");
    expect(seen).toEqual([
      "message_start",
      "content_block_start",
      "content_block_delta",
      "content_block_delta",
      "content_block_stop",
      "message_delta",
      "message_stop",
    ]);
    const { create, end } = await recorded();
    expect(create.modelParameters).toMatchObject({ stream: true, max_tokens: 256 });
    expect(end).toMatchObject({
      output: { role: "assistant", content: [{ type: "text", text: "Streaming hello" }] },
      usage: USAGE,
      metadata: { stopReason: "end_turn" },
    });
    const [start, first, finish] = [create.startTime, end.completionStartTime, end.endTime].map((t) =>
      Date.parse(t as string),
    );
    expect(first).toBeGreaterThanOrEqual(start! + 25);
    expect(finish).toBeGreaterThanOrEqual(first! + 25);
  });

  it("records messages.stream() and leaves its events and finalMessage() to the host", async () => {
    api.enqueue({ kind: "message", text: "Hi there", sseGapMs: 30 });
    const client = wrapAnthropic(anthropic, ys, { metadata: { feature: "chat" } });
    const stream = client.messages.stream(params);
    const deltas: string[] = [];
    stream.on("text", (d) => deltas.push(d));
    const final = await stream.finalMessage();
    expect(final.content).toEqual([expect.objectContaining({ type: "text", text: "Hi there" })]);
    expect(deltas.join("")).toBe("Hi there");
    const { create, end } = await recorded();
    expect(create).toMatchObject({
      name: "anthropic.messages.stream",
      modelParameters: { stream: true },
      metadata: { feature: "chat" },
    });
    expect(end).toMatchObject({ output: { role: "assistant" }, usage: USAGE, model: "claude-test-20260101" });
    expect((end.output as { content: { text: string }[] }).content[0]?.text).toBe("Hi there");
    expect(Date.parse(end.completionStartTime as string)).toBeGreaterThanOrEqual(
      Date.parse(create.startTime as string) + 25,
    );
  });

  it("records an API error as level ERROR and rethrows it unchanged", async () => {
    api.enqueue({ kind: "error", status: 400, message: "max_tokens: too large" });
    api.enqueue({ kind: "error", status: 400, message: "max_tokens: too large" });
    const plain = await anthropic.messages.create(params).catch((e: unknown) => e);
    const client = wrapAnthropic(anthropic, ys);
    const caught = await client.messages.create(params).catch((e: unknown) => e);
    expect(caught).toBeInstanceOf(Anthropic.BadRequestError);
    expect(caught).toMatchObject({ status: 400, message: (plain as Error).message, requestID: "req_err" });
    expect(Object.getPrototypeOf(caught)).toBe(Object.getPrototypeOf(plain));
    const { end } = await recorded();
    expect(end).toMatchObject({ level: "ERROR" });
    expect(end.statusMessage).toContain("max_tokens: too large");
    expect(end.statusMessage).toContain("HTTP 400");
    expect(end).not.toHaveProperty("output");
  });

  it("records a failed messages.stream() as ERROR and the host still gets the rejection", async () => {
    api.enqueue({ kind: "error", status: 529, type: "overloaded_error", message: "Overloaded" });
    const client = wrapAnthropic(anthropic, ys);
    const stream = client.messages.stream(params);
    const caught = await stream.finalMessage().catch((e: unknown) => e);
    expect(caught).toBeInstanceOf(Anthropic.APIError);
    expect(caught).toMatchObject({ status: 529 });
    const { end } = await recorded();
    expect(end).toMatchObject({ level: "ERROR" });
    expect(end.statusMessage).toContain("Overloaded");
  });

  it("puts generations under a given parent, and traces parse() through create()", async () => {
    const trace = ys.trace({ name: "request" });
    const span = trace.span({ name: "llm-step" });
    const client = wrapAnthropic(anthropic, ys, { parent: span });
    await client.messages.create(params);
    await client.messages.parse(params);
    span.end();
    await ys.flush();
    const gens = ingest.delivered().filter((e) => e.type === "generation-create");
    expect(gens).toHaveLength(2);
    for (const g of gens) expect(g.body).toMatchObject({ traceId: trace.id, parentObservationId: span.id });
    expect(ingest.delivered().filter((e) => e.type === "trace-create")).toHaveLength(1);
  });

  it("never breaks the host: a disabled Yardstick, other methods and the untouched original", async () => {
    const off = new Yardstick({ baseUrl: ingest.url, apiKey: "k", enabled: false });
    const client = wrapAnthropic(anthropic, off);
    const m = await client.messages.create(params);
    expect(m.content[0]).toMatchObject({ type: "text" });
    expect(client.apiKey).toBe("sk-ant-test");
    expect(anthropic.messages.create).not.toBe(client.messages.create);
    expect(typeof client.models.list).toBe("function");
    await ys.flush();
    expect(ingest.requests).toHaveLength(0);
  });
});
