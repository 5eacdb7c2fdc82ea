import { createHash } from "node:crypto";
import { createAnthropicProvider } from "./anthropic";
import { llmEnv, type TLlmEnv } from "./env";
import { LlmError } from "./errors";
import { createOpenAICompatibleProvider } from "./openai-compatible";
import type { LlmProvider, TCompleteRequest, TCompleteResult, TEmbedResult } from "./types";

/**
 * Per-project provider settings, already decrypted by the caller (this package stores nothing).
 * Anything unset falls back to the server's env.
 */
export interface TProviderSettings {
  /** Force a provider; by default `claude-*` models go to Anthropic, others to the OpenAI-compatible one. */
  provider?: "anthropic" | "openai-compatible";
  anthropic?: { apiKey?: string; baseURL?: string };
  openaiCompatible?: { apiKey?: string; baseURL?: string };
  timeoutMs?: number;
  maxConcurrency?: number;
  maxRetries?: number;
}

export type TProviderKind = "anthropic" | "openai-compatible";

export function providerKindFor(
  model: string,
  settings: TProviderSettings = {},
  env: TLlmEnv = llmEnv(),
): TProviderKind {
  if (settings.provider) return settings.provider;
  if (model.startsWith("claude-")) return "anthropic";
  if (settings.openaiCompatible?.baseURL ?? env.OPENAI_BASE_URL) return "openai-compatible";
  throw new LlmError({
    kind: "bad_request",
    message: `No provider for model "${model}": configure an OpenAI-compatible base URL or use a claude-* model`,
  });
}

// One instance per distinct configuration, so the per-provider concurrency limit holds across calls.
const MAX_CACHED = 64;
const cache = new Map<string, LlmProvider>();

function cached(config: object, create: () => LlmProvider): LlmProvider {
  // Hash so API keys are not kept as readable map keys.
  const key = createHash("sha256").update(JSON.stringify(config)).digest("hex");
  const hit = cache.get(key);
  if (hit) return hit;
  const provider = create();
  if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value!);
  cache.set(key, provider);
  return provider;
}

export function providerFor(model: string, settings: TProviderSettings = {}, env: TLlmEnv = llmEnv()): LlmProvider {
  const kind = providerKindFor(model, settings, env);
  const common = {
    ...(settings.timeoutMs !== undefined && { timeoutMs: settings.timeoutMs }),
    ...(settings.maxConcurrency !== undefined && { maxConcurrency: settings.maxConcurrency }),
    ...(settings.maxRetries !== undefined && { maxRetries: settings.maxRetries }),
  };
  if (kind === "anthropic") {
    const apiKey = settings.anthropic?.apiKey ?? env.ANTHROPIC_API_KEY;
    if (!apiKey)
      throw new LlmError({ kind: "auth", message: "No Anthropic API key configured", provider: "anthropic" });
    const baseURL = settings.anthropic?.baseURL ?? env.ANTHROPIC_BASE_URL;
    const config = { kind, apiKey, ...(baseURL !== undefined && { baseURL }), ...common };
    return cached(config, () => createAnthropicProvider(config));
  }
  const baseURL = settings.openaiCompatible?.baseURL ?? env.OPENAI_BASE_URL;
  if (!baseURL)
    throw new LlmError({ kind: "bad_request", message: "No OpenAI-compatible base URL configured", provider: kind });
  const apiKey = settings.openaiCompatible?.apiKey ?? env.OPENAI_API_KEY;
  const config = { kind, baseURL, ...(apiKey !== undefined && { apiKey }), ...common };
  return cached(config, () => createOpenAICompatibleProvider(config));
}

/** The one-call interface: pick the provider for `req.model` and complete. */
export function complete(
  req: TCompleteRequest,
  settings: TProviderSettings = {},
  env?: TLlmEnv,
): Promise<TCompleteResult> {
  return providerFor(req.model, settings, env).complete(req);
}

export type TModelProviderStatus = {
  provider: TProviderKind | null;
  /** Whether a call to this model would find its key (or base URL), stored or from the server env. */
  ready: boolean;
  /** Where the configuration comes from when ready. */
  source: "project" | "server" | null;
};

/**
 * Whether `model` can be called with these settings, without calling it: the same rules as
 * `providerFor` (claude-* → Anthropic key; others → an OpenAI-compatible base URL), so a page can
 * say "no key" before the user presses Run. Settings need only say what is stored, not the key.
 */
export function modelProviderStatus(
  model: string,
  settings: TProviderSettings = {},
  env: TLlmEnv = llmEnv(),
): TModelProviderStatus {
  let kind: TProviderKind;
  try {
    kind = providerKindFor(model, settings, env);
  } catch {
    return { provider: null, ready: false, source: null };
  }
  if (kind === "anthropic") {
    if (settings.anthropic?.apiKey) return { provider: kind, ready: true, source: "project" };
    return { provider: kind, ready: Boolean(env.ANTHROPIC_API_KEY), source: env.ANTHROPIC_API_KEY ? "server" : null };
  }
  if (settings.openaiCompatible?.baseURL) return { provider: kind, ready: true, source: "project" };
  return { provider: kind, ready: Boolean(env.OPENAI_BASE_URL), source: env.OPENAI_BASE_URL ? "server" : null };
}

/** Whether an embedding provider (the OpenAI-compatible one) is configured for these settings. */
export function hasEmbeddingProvider(settings: TProviderSettings = {}, env: TLlmEnv = llmEnv()): boolean {
  return Boolean(settings.openaiCompatible?.baseURL ?? env.OPENAI_BASE_URL);
}

/**
 * Embeds texts with the OpenAI-compatible provider (`/v1/embeddings`), the only one of ours with an
 * embeddings endpoint. `model` defaults to OPENAI_EMBEDDING_MODEL.
 */
export async function embed(
  texts: string[],
  opts: { model?: string } = {},
  settings: TProviderSettings = {},
  env: TLlmEnv = llmEnv(),
): Promise<TEmbedResult> {
  if (!hasEmbeddingProvider(settings, env)) {
    throw new LlmError({
      kind: "bad_request",
      message: "No embedding provider configured (set an OpenAI-compatible base URL)",
    });
  }
  const provider = providerFor(
    opts.model ?? env.OPENAI_EMBEDDING_MODEL,
    { ...settings, provider: "openai-compatible" },
    env,
  );
  return provider.embed!(texts, opts.model ?? env.OPENAI_EMBEDDING_MODEL);
}

/** For tests: forget cached provider instances. */
export function resetProviderCache(): void {
  cache.clear();
}
