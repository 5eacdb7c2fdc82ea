import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { parseLlmEnv } from "./env";
import {
  complete,
  embed,
  hasEmbeddingProvider,
  modelProviderStatus,
  providerFor,
  providerKindFor,
  resetProviderCache,
} from "./registry";
import { startFakeAnthropic, startFakeOpenAI, type FakeAnthropic, type FakeOpenAI } from "./testing";

let anthropic: FakeAnthropic;
let openai: FakeOpenAI;

beforeAll(async () => {
  anthropic = await startFakeAnthropic();
  openai = await startFakeOpenAI();
});
afterAll(async () => {
  await anthropic.close();
  await openai.close();
});
beforeEach(() => {
  resetProviderCache();
  anthropic.reset();
  openai.reset();
});

describe("env", () => {
  it("treats blank values as unset and names bad variables without their values", () => {
    expect(parseLlmEnv({ ANTHROPIC_API_KEY: "  ", OPENAI_BASE_URL: "http://localhost:11434" })).toEqual({
      ANTHROPIC_API_KEY: undefined,
      ANTHROPIC_BASE_URL: undefined,
      OPENAI_API_KEY: undefined,
      OPENAI_BASE_URL: "http://localhost:11434",
      OPENAI_EMBEDDING_MODEL: "text-embedding-3-small",
    });
    expect(() => parseLlmEnv({ ANTHROPIC_BASE_URL: "not a url sk-secret" })).toThrow(
      /^Invalid LLM environment variables: ANTHROPIC_BASE_URL$/,
    );
  });
});

describe("providerFor", () => {
  it("routes claude-* to Anthropic and other models to the OpenAI-compatible server when configured", () => {
    const env = parseLlmEnv({ OPENAI_BASE_URL: "http://127.0.0.1:1" });
    expect(providerKindFor("claude-sonnet-5-5", {}, env)).toBe("anthropic");
    expect(providerKindFor("llama3", {}, env)).toBe("openai-compatible");
    expect(providerKindFor("claude-via-proxy", { provider: "openai-compatible" }, env)).toBe("openai-compatible");
    expect(() => providerKindFor("llama3", {}, parseLlmEnv({}))).toThrow(
      expect.objectContaining({ kind: "bad_request" }),
    );
  });

  it("fails with a typed auth error when no Anthropic key is configured", () => {
    expect(() => providerFor("claude-x", {}, parseLlmEnv({}))).toThrow(expect.objectContaining({ kind: "auth" }));
  });

  it("reuses one instance per configuration, so concurrency limits hold across calls", () => {
    const env = parseLlmEnv({ ANTHROPIC_API_KEY: "k1" });
    expect(providerFor("claude-a", {}, env)).toBe(providerFor("claude-b", {}, env));
    expect(providerFor("claude-a", {}, env)).not.toBe(providerFor("claude-a", { anthropic: { apiKey: "k2" } }, env));
  });

  it("prefers per-project settings over env", async () => {
    const env = parseLlmEnv({
      ANTHROPIC_API_KEY: "env-key",
      ANTHROPIC_BASE_URL: anthropic.url,
      OPENAI_BASE_URL: "http://127.0.0.1:1",
    });
    await complete({ model: "claude-x", messages: [{ role: "user", content: "a" }] }, {}, env);
    await complete(
      { model: "claude-x", messages: [{ role: "user", content: "b" }] },
      { anthropic: { apiKey: "project-key" } },
      env,
    );
    expect(anthropic.requests.map((r) => r.apiKey)).toEqual(["env-key", "project-key"]);

    const r = await complete(
      { model: "llama3", messages: [{ role: "user", content: "c" }] },
      { openaiCompatible: { baseURL: openai.url } },
      env,
    );
    expect(r.text).toBe("echo: c");
    expect(openai.requests).toHaveLength(1);
  });

  it("embeds through the OpenAI-compatible provider only, with the env's default embedding model", async () => {
    const env = parseLlmEnv({ ANTHROPIC_API_KEY: "k1", OPENAI_EMBEDDING_MODEL: "nomic-embed-text" });
    expect(hasEmbeddingProvider({}, env)).toBe(false);
    await expect(embed(["a"], {}, {}, env)).rejects.toMatchObject({
      kind: "bad_request",
      message: expect.stringMatching(/No embedding provider/),
    });

    const settings = { openaiCompatible: { baseURL: openai.url } };
    expect(hasEmbeddingProvider(settings, env)).toBe(true);
    const r = await embed(["refund policy", "refund policy"], {}, settings, env);
    expect(r.vectors).toHaveLength(2);
    expect(r.vectors[0]).toEqual(r.vectors[1]);
    expect((openai.requests.at(-1)!.body as { model: string }).model).toBe("nomic-embed-text");
    await embed(["x"], { model: "bge-small" }, settings, env);
    expect((openai.requests.at(-1)!.body as { model: string }).model).toBe("bge-small");
  });
});

describe("modelProviderStatus", () => {
  const none = parseLlmEnv({});
  it("a claude model without a stored or server key is not ready", () => {
    expect(modelProviderStatus("claude-sonnet-4-5", {}, none)).toEqual({
      provider: "anthropic",
      ready: false,
      source: null,
    });
  });
  it("a stored Anthropic key or the server's serves claude models", () => {
    expect(modelProviderStatus("claude-sonnet-4-5", { anthropic: { apiKey: "k" } }, none)).toEqual({
      provider: "anthropic",
      ready: true,
      source: "project",
    });
    expect(modelProviderStatus("claude-sonnet-4-5", {}, parseLlmEnv({ ANTHROPIC_API_KEY: "k" }))).toEqual({
      provider: "anthropic",
      ready: true,
      source: "server",
    });
  });
  it("other models need an OpenAI-compatible base URL; an Anthropic key does not serve them", () => {
    expect(modelProviderStatus("gpt-4o", { anthropic: { apiKey: "k" } }, none)).toEqual({
      provider: null,
      ready: false,
      source: null,
    });
    expect(modelProviderStatus("llama3", { openaiCompatible: { baseURL: "http://x" } }, none)).toEqual({
      provider: "openai-compatible",
      ready: true,
      source: "project",
    });
    expect(modelProviderStatus("llama3", {}, parseLlmEnv({ OPENAI_BASE_URL: "http://localhost:11434" }))).toEqual({
      provider: "openai-compatible",
      ready: true,
      source: "server",
    });
  });
});
