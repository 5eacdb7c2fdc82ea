// Global default model prices, USD per 1M tokens. Projects override them in Settings → Models.
//
// Sources (public list prices as published by the vendors; checked for this table in 2026-11,
// from the pricing pages https://www.anthropic.com/pricing#api and
// https://platform.openai.com/docs/pricing). Anthropic cache writes are the 5-minute TTL price
// (1.25× input) and cache reads 0.1× input; OpenAI "cached input" is the cache-read price and
// OpenAI does not bill cache writes separately.
//
// Patterns are anchored regexes on the model name; an optional date/version suffix and
// provider prefixes (Bedrock "anthropic.", Vertex "@") are accepted.

export type TModelPrice = {
  modelName: string;
  matchPattern: string;
  inputPer1M: number;
  outputPer1M: number;
  cacheReadPer1M: number | null;
  cacheWritePer1M: number | null;
  effectiveFrom: string; // ISO date
};

const claude = (name: string, input: number, output: number, effectiveFrom = "2024-01-01"): TModelPrice => ({
  modelName: name,
  matchPattern: `^(anthropic\\.)?${name.replace(/\./g, "\\.")}(-\\d{8}|@\\d{8})?(-v\\d+(:\\d+)?)?$`,
  inputPer1M: input,
  outputPer1M: output,
  cacheReadPer1M: +(input * 0.1).toFixed(6),
  cacheWritePer1M: +(input * 1.25).toFixed(6),
  effectiveFrom,
});

const openai = (
  name: string,
  input: number,
  output: number,
  cached: number | null,
  effectiveFrom = "2024-01-01",
): TModelPrice => ({
  modelName: name,
  matchPattern: `^${name.replace(/\./g, "\\.")}(-\\d{4}-\\d{2}-\\d{2})?$`,
  inputPer1M: input,
  outputPer1M: output,
  cacheReadPer1M: cached,
  cacheWritePer1M: null,
  effectiveFrom,
});

export const DEFAULT_MODEL_PRICES: readonly TModelPrice[] = [
  // Anthropic
  claude("claude-opus-4-5", 5, 25, "2025-11-24"),
  claude("claude-opus-4-1", 15, 75, "2025-08-05"),
  claude("claude-opus-4", 15, 75, "2025-05-22"),
  claude("claude-sonnet-4-6", 3, 15, "2026-02-17"),
  claude("claude-sonnet-4-5", 3, 15, "2025-09-29"),
  claude("claude-sonnet-4", 3, 15, "2025-05-22"),
  claude("claude-3-7-sonnet", 3, 15, "2025-02-24"),
  claude("claude-3-5-sonnet", 3, 15),
  // Haiku 4.5 is listed at $1 / $5; $0.80 / $4 is Claude 3.5 Haiku's price.
  claude("claude-haiku-4-5", 1, 5, "2025-10-15"),
  claude("claude-3-5-haiku", 0.8, 4),
  claude("claude-3-haiku", 0.25, 1.25),
  claude("claude-3-opus", 15, 75),
  // OpenAI
  openai("gpt-5", 1.25, 10, 0.125, "2025-08-07"),
  openai("gpt-5-mini", 0.25, 2, 0.025, "2025-08-07"),
  openai("gpt-5-nano", 0.05, 0.4, 0.005, "2025-08-07"),
  openai("gpt-4.1", 2, 8, 0.5, "2025-04-14"),
  openai("gpt-4.1-mini", 0.4, 1.6, 0.1, "2025-04-14"),
  openai("gpt-4.1-nano", 0.1, 0.4, 0.025, "2025-04-14"),
  openai("gpt-4o", 2.5, 10, 1.25),
  openai("gpt-4o-mini", 0.15, 0.6, 0.075),
  openai("o3", 2, 8, 0.5, "2025-06-10"),
  openai("o4-mini", 1.1, 4.4, 0.275, "2025-04-16"),
  openai("o1", 15, 60, 7.5),
  openai("text-embedding-3-small", 0.02, 0, null),
  openai("text-embedding-3-large", 0.13, 0, null),
];
