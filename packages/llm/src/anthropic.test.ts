import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createAnthropicProvider, type AnthropicProviderOptions } from "./anthropic";
import { LlmError } from "./errors";
import { startFakeAnthropic, type FakeAnthropic } from "./testing";

const KEY = "sk-ant-test-key";
let fake: FakeAnthropic;

beforeAll(async () => {
  fake = await startFakeAnthropic({ apiKey: KEY });
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

function provider(o: Partial<AnthropicProviderOptions> = {}) {
  // Tiny backoff and no jitter keep retry tests fast and their delays exact.
  return createAnthropicProvider({
    apiKey: KEY,
    baseURL: fake.url,
    timeoutMs: 5_000,
    ...o,
    retry: { baseMs: 5, random: () => 0, ...o.retry },
  });
}

type TBody = Record<string, unknown> & { system?: Array<Record<string, unknown>> };
const body = (i: number) => fake.requests[i]?.body as TBody;

async function caught(p: Promise<unknown>): Promise<LlmError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(LlmError);
    return err as LlmError;
  }
  throw new Error("expected a rejection");
}

describe("anthropic provider (real SDK against the fake Messages API)", () => {
  it("completes text", async () => {
    const r = await provider().complete({
      model: "claude-test-1",
      messages: [{ role: "user", content: "hello there" }],
    });
    expect(r.text).toBe("echo: hello there");
    expect(r.toolCalls).toEqual([]);
    expect(r.stopReason).toBe("end_turn");
    expect(r.model).toBe("claude-test-1");
    expect(r.usage).toEqual({ inputTokens: 3, outputTokens: 5, cacheReadTokens: 0, cacheWriteTokens: 0 });
    expect(r.latencyMs).toBeGreaterThanOrEqual(0);
    const req = fake.requests[0]!;
    expect(req.path).toBe("/v1/messages");
    expect(req.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(req.headers["anthropic-version"]).toBe("2026-10-21");
    expect(req.body).toMatchObject({
      model: "claude-test-1",
      max_tokens: 1024,
      messages: [{ role: "user", content: "hello there" }],
    });
  });

  it("maps params and a plain-string system", async () => {
    await provider().complete({
      model: "claude-test-1",
      system: "Be brief.",
      messages: [
        { role: "user", content: "a" },
        { role: "assistant", content: "b" },
        { role: "user", content: "c" },
      ],
      params: { maxTokens: 50, stop: ["END"] },
    });
    expect(body(0)).toMatchObject({ system: "Be brief.", max_tokens: 50, stop_sequences: ["END"] });
    expect(body(0).messages).toHaveLength(3);
  });

  it("rejects invalid requests and sampling params before any network call", async () => {
    const p = provider();
    expect(await caught(p.complete({ model: "claude-test-1", messages: [] }))).toMatchObject({
      kind: "bad_request",
      retryable: false,
    });
    const e = await caught(
      p.complete({ model: "claude-test-1", messages: [{ role: "user", content: "x" }], params: { temperature: 0 } }),
    );
    expect(e.kind).toBe("bad_request");
    expect(e.message).toContain("temperature");
    expect(
      await caught(
        p.complete({ model: "claude-test-1", messages: [{ role: "user", content: "x" }], toolChoice: { type: "any" } }),
      ),
    ).toMatchObject({ kind: "bad_request" });
    expect(fake.requests).toHaveLength(0);
  });

  it("round-trips tool_use", async () => {
    fake.enqueue({ type: "tool_use", name: "score", input: { score: 4, reasons: ["clear", "correct"] } });
    const r = await provider().complete({
      model: "claude-test-1",
      messages: [{ role: "user", content: "grade this" }],
      tools: [
        {
          name: "score",
          description: "Record a score",
          inputSchema: { type: "object", properties: { score: { type: "integer" } }, required: ["score"] },
        },
      ],
      toolChoice: { type: "tool", name: "score" },
    });
    expect(r.stopReason).toBe("tool_use");
    expect(r.toolCalls).toEqual([
      { id: expect.stringMatching(/^toolu_/), name: "score", input: { score: 4, reasons: ["clear", "correct"] } },
    ]);
    expect(body(0)).toMatchObject({
      tools: [{ name: "score", description: "Record a score", input_schema: { type: "object", required: ["score"] } }],
      tool_choice: { type: "tool", name: "score" },
    });
  });

  it("marks cached system blocks and reports cache writes, then reads", async () => {
    const rubric = "You are a strict grader. ".repeat(40);
    const req = {
      model: "claude-test-1",
      system: [{ text: rubric, cache: true }, { text: "Item 17." }],
      messages: [{ role: "user" as const, content: "answer" }],
    };
    const p = provider();
    const first = await p.complete(req);
    const second = await p.complete(req);
    expect(body(0).system).toEqual([
      { type: "text", text: rubric, cache_control: { type: "ephemeral" } },
      { type: "text", text: "Item 17." },
    ]);
    expect(first.usage).toMatchObject({ cacheWriteTokens: rubric.length / 4, cacheReadTokens: 0 });
    expect(second.usage).toMatchObject({ cacheWriteTokens: 0, cacheReadTokens: rubric.length / 4 });
    expect(second.usage.inputTokens).toBe(first.usage.inputTokens);
  });

  it("streams text deltas and final usage", async () => {
    fake.enqueue({ type: "text", text: "one two three four five" });
    const deltas: string[] = [];
    const r = await provider().stream!(
      {
        model: "claude-test-1",
        system: [{ text: "rubric text", cache: true }],
        messages: [{ role: "user", content: "go" }],
      },
      (d) => deltas.push(d),
    );
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.join("")).toBe("one two three four five");
    expect(r.text).toBe("one two three four five");
    expect(r.stopReason).toBe("end_turn");
    expect(r.usage).toEqual({ inputTokens: 1, outputTokens: 6, cacheReadTokens: 0, cacheWriteTokens: 3 });
    expect(body(0).stream).toBe(true);
  });

  it("streams tool_use input assembled from input_json_delta", async () => {
    fake.enqueue({
      type: "tool_use",
      name: "score",
      text: "Let me score.",
      input: { score: 5, note: "a fairly long note to split" },
    });
    const deltas: string[] = [];
    const r = await provider().stream!(
      {
        model: "claude-test-1",
        messages: [{ role: "user", content: "go" }],
        tools: [{ name: "score", inputSchema: { type: "object" } }],
      },
      (d) => deltas.push(d),
    );
    expect(deltas.join("")).toBe("Let me score.");
    expect(r.toolCalls).toEqual([
      { id: expect.any(String), name: "score", input: { score: 5, note: "a fairly long note to split" } },
    ]);
    expect(r.stopReason).toBe("tool_use");
  });

  it("retries a 429 after its Retry-After (seconds)", async () => {
    fake.enqueue({ type: "error", status: 429, retryAfter: 1, message: "slow down" });
    const delays: number[] = [];
    const started = performance.now();
    const r = await provider({
      retry: { onRetry: ({ delayMs, error }) => void delays.push(error.retryAfterMs ?? -1, delayMs) },
    }).complete({
      model: "claude-test-1",
      messages: [{ role: "user", content: "hi" }],
    });
    const elapsed = performance.now() - started;
    expect(r.text).toBe("echo: hi");
    expect(fake.requests).toHaveLength(2);
    expect(delays).toEqual([1000, 1000]);
    expect(elapsed).toBeGreaterThanOrEqual(900);
  });

  it("reads retry-after-ms and retries a 429 while streaming", async () => {
    fake.enqueue({ type: "error", status: 429, retryAfterMs: 120 });
    const delays: number[] = [];
    const r = await provider({ retry: { onRetry: ({ delayMs }) => void delays.push(delayMs) } }).stream!(
      { model: "claude-test-1", messages: [{ role: "user", content: "hi" }] },
      () => {},
    );
    expect(r.text).toBe("echo: hi");
    expect(delays).toEqual([120]);
  });

  it("retries 529 overloaded", async () => {
    fake.enqueue({ type: "error", status: 529 }, { type: "error", status: 529 });
    const kinds: string[] = [];
    const r = await provider({ retry: { onRetry: ({ error }) => void kinds.push(error.kind) } }).complete({
      model: "claude-test-1",
      messages: [{ role: "user", content: "hi" }],
    });
    expect(r.text).toBe("echo: hi");
    expect(kinds).toEqual(["overloaded", "overloaded"]);
    expect(fake.requests).toHaveLength(3);
  });

  it("surfaces a typed overloaded error once retries run out", async () => {
    fake.enqueue({ type: "error", status: 529 }, { type: "error", status: 529 });
    const e = await caught(
      provider({ maxRetries: 1 }).complete({ model: "claude-test-1", messages: [{ role: "user", content: "hi" }] }),
    );
    expect(e).toMatchObject({ kind: "overloaded", status: 529, retryable: true, provider: "anthropic" });
    expect(fake.requests).toHaveLength(2);
  });

  it("retries a 500", async () => {
    fake.enqueue({ type: "error", status: 500 });
    const r = await provider().complete({ model: "claude-test-1", messages: [{ role: "user", content: "hi" }] });
    expect(r.text).toBe("echo: hi");
    expect(fake.requests).toHaveLength(2);
  });

  it("does not retry a 400", async () => {
    fake.enqueue({ type: "error", status: 400, message: "messages: bad" });
    const e = await caught(
      provider().complete({ model: "claude-test-1", messages: [{ role: "user", content: "hi" }] }),
    );
    expect(e).toMatchObject({ kind: "bad_request", status: 400, retryable: false, message: "messages: bad" });
    expect(fake.requests).toHaveLength(1);
  });

  it("maps 401 to auth", async () => {
    const e = await caught(
      provider({ apiKey: "wrong-key" }).complete({
        model: "claude-test-1",
        messages: [{ role: "user", content: "hi" }],
      }),
    );
    expect(e).toMatchObject({ kind: "auth", status: 401, retryable: false });
    expect(fake.requests).toHaveLength(1);
  });

  it("times out a slow response", async () => {
    fake.enqueue({ type: "text", text: "too late", delayMs: 1_000 });
    const started = performance.now();
    const e = await caught(
      provider({ timeoutMs: 100, maxRetries: 0 }).complete({
        model: "claude-test-1",
        messages: [{ role: "user", content: "hi" }],
      }),
    );
    expect(e).toMatchObject({ kind: "timeout", retryable: true });
    expect(performance.now() - started).toBeLessThan(900);
  });

  it("retries a timeout", async () => {
    fake.enqueue({ type: "text", text: "too late", delayMs: 1_000 });
    const r = await provider({ timeoutMs: 100 }).complete({
      model: "claude-test-1",
      messages: [{ role: "user", content: "hi" }],
    });
    expect(r.text).toBe("echo: hi");
  });

  it("stops on the caller's abort without retrying", async () => {
    fake.enqueue({ type: "text", text: "too late", delayMs: 1_000 });
    const ctrl = new AbortController();
    setTimeout(() => ctrl.abort(), 50);
    const e = await caught(
      provider().complete({ model: "claude-test-1", messages: [{ role: "user", content: "hi" }], signal: ctrl.signal }),
    );
    expect(e).toMatchObject({ kind: "aborted", retryable: false });
    expect(fake.requests).toHaveLength(1);
  });

  it("maps a refused connection to network", async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const e = await caught(
      createAnthropicProvider({ apiKey: KEY, baseURL: `http://127.0.0.1:${port}`, maxRetries: 0 }).complete({
        model: "claude-test-1",
        messages: [{ role: "user", content: "hi" }],
      }),
    );
    expect(e).toMatchObject({ kind: "network", retryable: true });
  });

  it("keeps at most maxConcurrency requests in flight", async () => {
    fake.setHandler(() => ({ type: "text", text: "ok", delayMs: 40 }));
    const p = provider({ maxConcurrency: 2 });
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        p.complete({ model: "claude-test-1", messages: [{ role: "user", content: `q${i}` }] }),
      ),
    );
    expect(results.map((r) => r.text)).toEqual(Array(10).fill("ok"));
    expect(fake.requests).toHaveLength(10);
    expect(fake.maxInFlight).toBe(2);
  });
});

describe("fake Messages API", () => {
  it("answers 401 without a key and mirrors the 2026-10-21 ban on sampling params", async () => {
    const post = (headers: Record<string, string>, b: unknown) =>
      fetch(`${fake.url}/v1/messages`, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify(b),
      });
    const ok = { model: "claude-test-1", max_tokens: 10, messages: [{ role: "user", content: "x" }] };
    const noKey = await post({}, ok);
    expect(noKey.status).toBe(401);
    expect(await noKey.json()).toMatchObject({ type: "error", error: { type: "authentication_error" } });
    expect((await post({ "x-api-key": KEY }, ok)).status).toBe(200);
    const temp = await post({ "x-api-key": KEY }, { ...ok, temperature: 1 });
    expect(temp.status).toBe(400);
  });
});
