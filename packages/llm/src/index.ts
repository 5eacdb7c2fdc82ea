export * from "./types";
export * from "./errors";
export { withRetry, backoffDelay, sleep, RETRY_DEFAULTS, type RetryOptions } from "./retry";
export { createLimiter, type Limiter } from "./concurrency";
export { createAnthropicProvider, ANTHROPIC_DEFAULT_BASE_URL, type AnthropicProviderOptions } from "./anthropic";
export { createOpenAICompatibleProvider, type OpenAICompatibleProviderOptions } from "./openai-compatible";
export {
  providerFor,
  providerKindFor,
  complete,
  embed,
  hasEmbeddingProvider,
  modelProviderStatus,
  resetProviderCache,
  type TModelProviderStatus,
  type TProviderSettings,
  type TProviderKind,
} from "./registry";
export { encryptSecret, decryptSecret, maskSecret, CryptoBoxError } from "./crypto-box";
export { parseLlmEnv, type TLlmEnv } from "./env";
