import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { LlmError } from "./errors";
import {
  createOpenAICompatibleProvider,
  openAIBaseURL,
  type OpenAICompatibleProviderOptions,
} from "./openai-compatible";
import { FAKE_EMBEDDING_DIM, startFakeOpenAI, type FakeOpenAI } from "./testing";

const KEY = "sk-openai-test";
let fake: FakeOpenAI;

beforeAll(async () => {
  fake = await startFakeOpenAI({ apiKey: KEY });
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

function provider(o: Partial<OpenAICompatibleProviderOptions> = {}) {
  return createOpenAICompatibleProvider({
    baseURL: fake.url,
    apiKey: KEY,
    timeoutMs: 5_000,
    ...o,
    retry: { baseMs: 5, random: () => 0, ...o.retry },
  });
}

async function caught(p: Promise<unknown>): Promise<LlmError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(LlmError);
    return err as LlmError;
  }
  throw new Error("expected a rejection");
}

const cosine = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * (b[i] ?? 0), 0);

describe("openai-compatible provider", () => {
  it("completes chat with the system prompt first and sampling params passed through", async () => {
    const r = await provider().complete({
      model: "llama3",
      system: [{ text: "Rubric.", cache: true }, { text: "Item." }],
      messages: [{ role: "user", content: "hello" }],
      params: { temperature: 0, topP: 0.9, maxTokens: 64, stop: ["###"] },
    });
    expect(r).toMatchObject({ text: "echo: hello", toolCalls: [], stopReason: "end_turn", model: "llama3" });
    expect(r.usage).toEqual({ inputTokens: 5, outputTokens: 3, cacheReadTokens: 0, cacheWriteTokens: 0 });
    const req = fake.requests[0]!;
    expect(req.path).toBe("/v1/chat/completions");
    expect(req.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(req.body).toEqual({
      model: "llama3",
      messages: [
        { role: "system", content: "Rubric.\n\nItem." },
        { role: "user", content: "hello" },
      ],
      max_tokens: 64,
      temperature: 0,
      top_p: 0.9,
      stop: ["###"],
    });
  });

  it("maps tools and parses tool call arguments", async () => {
    fake.enqueue({
      type: "tool_calls",
      calls: [
        { name: "score", arguments: { score: 3 } },
        { name: "score", arguments: "{not json" },
      ],
    });
    const r = await provider().complete({
      model: "llama3",
      messages: [{ role: "user", content: "grade" }],
      tools: [
        {
          name: "score",
          description: "Record a score",
          inputSchema: { type: "object", properties: { score: { type: "number" } } },
        },
      ],
      toolChoice: { type: "any" },
    });
    expect(r.stopReason).toBe("tool_use");
    expect(r.toolCalls).toEqual([
      { id: expect.any(String), name: "score", input: { score: 3 } },
      { id: expect.any(String), name: "score", input: "{not json" },
    ]);
    expect(fake.requests[0]!.body).toMatchObject({
      tools: [
        {
          type: "function",
          function: { name: "score", description: "Record a score", parameters: { type: "object" } },
        },
      ],
      tool_choice: "required",
    });
  });

  it("maps a named tool choice", async () => {
    await provider().complete({
      model: "llama3",
      messages: [{ role: "user", content: "x" }],
      tools: [{ name: "score", inputSchema: { type: "object" } }],
      toolChoice: { type: "tool", name: "score" },
    });
    expect(fake.requests[0]!.body).toMatchObject({ tool_choice: { type: "function", function: { name: "score" } } });
  });

  it("embeds deterministically", async () => {
    const p = provider({ defaultEmbeddingModel: "nomic-embed-text" });
    const r = await p.embed!(["the cat sat on the mat", "the cat sat on a mat", "quarterly revenue grew"]);
    expect(r.model).toBe("nomic-embed-text");
    expect(r.vectors).toHaveLength(3);
    for (const v of r.vectors) {
      expect(v).toHaveLength(FAKE_EMBEDDING_DIM);
      expect(Math.hypot(...v)).toBeCloseTo(1, 10);
    }
    const [a, b, c] = r.vectors as [number[], number[], number[]];
    expect(cosine(a, b)).toBeGreaterThan(cosine(a, c));
    expect((await p.embed!(["the cat sat on the mat"])).vectors[0]).toEqual(a);
    expect(r.usage.inputTokens).toBeGreaterThan(0);
    expect(fake.requests[0]!.body).toEqual({
      model: "nomic-embed-text",
      input: ["the cat sat on the mat", "the cat sat on a mat", "quarterly revenue grew"],
    });
  });

  it("needs an embedding model", async () => {
    expect(await caught(provider().embed!(["x"]))).toMatchObject({ kind: "bad_request" });
    expect(fake.requests).toHaveLength(0);
  });

  it("retries 429 (Retry-After) and 503, not 400", async () => {
    fake.enqueue({ type: "error", status: 429, retryAfter: 0 }, { type: "error", status: 503 });
    const kinds: string[] = [];
    const r = await provider({
      retry: { onRetry: ({ error }) => void kinds.push(`${error.kind}:${error.retryAfterMs ?? "-"}`) },
    }).complete({
      model: "llama3",
      messages: [{ role: "user", content: "hi" }],
    });
    expect(r.text).toBe("echo: hi");
    expect(kinds).toEqual(["rate_limit:0", "server:-"]);

    fake.reset();
    fake.enqueue({ type: "error", status: 400, message: "bad model" });
    const e = await caught(provider().complete({ model: "llama3", messages: [{ role: "user", content: "hi" }] }));
    expect(e).toMatchObject({ kind: "bad_request", status: 400, message: "bad model" });
    expect(fake.requests).toHaveLength(1);
  });

  it("maps 401 to auth", async () => {
    const e = await caught(
      provider({ apiKey: "wrong" }).complete({ model: "llama3", messages: [{ role: "user", content: "hi" }] }),
    );
    expect(e).toMatchObject({ kind: "auth", status: 401 });
  });

  it("times out", async () => {
    fake.enqueue({ type: "text", text: "late", delayMs: 1_000 });
    const e = await caught(
      provider({ timeoutMs: 100, maxRetries: 0 }).complete({
        model: "llama3",
        messages: [{ role: "user", content: "hi" }],
      }),
    );
    expect(e.kind).toBe("timeout");
  });

  it("limits concurrency", async () => {
    fake.setHandler(() => ({ type: "text", text: "ok", delayMs: 30 }));
    const p = provider({ maxConcurrency: 3 });
    await Promise.all(
      Array.from({ length: 9 }, () => p.complete({ model: "llama3", messages: [{ role: "user", content: "q" }] })),
    );
    expect(fake.maxInFlight).toBe(3);
  });

  it("accepts base URLs with or without /v1", () => {
    expect(openAIBaseURL("http://localhost:11434")).toBe("http://localhost:11434/v1");
    expect(openAIBaseURL("https://api.example.com/v1/")).toBe("https://api.example.com/v1");
  });
});
