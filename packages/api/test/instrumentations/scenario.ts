// One support-bot turn, run through each instrumentation: the same question, user, session and
// model, so the stored traces can be compared field by field.

export const SCENARIO = {
  model: "claude-sonnet-4-6",
  system: "You are a concise support assistant.",
  question: "Where is my order 1234?",
  answer: "Order 1234 ships today.",
  userId: "user-42",
  sessionId: "session-7",
  promptName: "support-answer",
  promptVersion: 3,
  maxTokens: 256,
} as const;

/** Where an instrumentation sends its spans and which Yardstick key it holds. */
export type TEndpoint = { origin: string; secret: string };

/** The key's public part as Langfuse's SDKs expect it: its display prefix (ys_ + 8 characters). */
export const publicKeyOf = (secret: string) => secret.slice(0, 11);

export type TRunInput = { anthropicUrl: string; endpoint: TEndpoint };
