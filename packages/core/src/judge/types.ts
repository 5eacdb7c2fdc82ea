/**
 * Request pieces shaped like packages/llm's `complete()` request (core cannot import it), so a
 * prompt built here is passed through unchanged: `provider.complete({model, ...prompt, params})`.
 */
export interface TJudgeMessage {
  role: "user" | "assistant";
  content: string;
}

/** `cache: true`: static text (rubric, instructions) that providers may prompt-cache. */
export interface TJudgeSystemBlock {
  text: string;
  cache?: boolean;
}

export interface TJudgeTool {
  name: string;
  description?: string;
  inputSchema: { type: "object"; [key: string]: unknown };
}

export interface TJudgeToolChoice {
  type: "tool";
  name: string;
}

export interface TJudgePrompt {
  system: TJudgeSystemBlock[];
  messages: TJudgeMessage[];
  tools: TJudgeTool[];
  toolChoice: TJudgeToolChoice;
}

/** A tool call as returned by the provider. */
export interface TToolCallLike {
  id?: string;
  name: string;
  input: unknown;
}
