import { z } from "zod";

// The one place this package reads process.env. Parsed lazily so importing the package never throws.
const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const optionalString = z.preprocess(blankToUndefined, z.string().optional());
const optionalUrl = z.preprocess(blankToUndefined, z.url().optional());

export const ZLlmEnv = z.object({
  ANTHROPIC_API_KEY: optionalString,
  ANTHROPIC_BASE_URL: optionalUrl,
  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: optionalUrl,
  /** Embedding model for semantic-similarity graders that name none. */
  OPENAI_EMBEDDING_MODEL: z.preprocess(blankToUndefined, z.string().default("text-embedding-3-small")),
});
export type TLlmEnv = z.infer<typeof ZLlmEnv>;

export function parseLlmEnv(source: Record<string, string | undefined>): TLlmEnv {
  const parsed = ZLlmEnv.safeParse(source);
  if (parsed.success) return parsed.data;
  // Name the variables only: values may be secrets.
  const names = [...new Set(parsed.error.issues.map((i) => i.path.join(".")))].join(", ");
  throw new Error(`Invalid LLM environment variables: ${names}`);
}

let cached: TLlmEnv | undefined;

export function llmEnv(): TLlmEnv {
  cached ??= parseLlmEnv(process.env);
  return cached;
}
