export type TJudgeParseErrorCode =
  "missing_tool_call" | "multiple_tool_calls" | "invalid_tool_input" | "score_out_of_scale" | "verdict_mismatch";

/**
 * The judge model answered, but not in a usable shape. Callers retry or record the item as
 * errored by `code`, never by message text.
 */
export class JudgeParseError extends Error {
  constructor(
    public readonly code: TJudgeParseErrorCode,
    message: string,
    public readonly field?: string,
  ) {
    super(message);
    this.name = "JudgeParseError";
  }
}

/** A judge helper was called with unusable arguments (ratings outside the scale, no samples, ...). */
export class JudgeInputError extends Error {
  readonly code = "INVALID_JUDGE_INPUT" as const;

  constructor(
    public readonly argument: string,
    message: string,
  ) {
    super(`${argument}: ${message}`);
    this.name = "JudgeInputError";
  }
}
