/** What every grader returns. `score` is in [0, 1]; `details` carries grader-specific evidence. */
export interface TGradeResult {
  pass: boolean;
  score: number;
  reason: string;
  details: Record<string, unknown>;
}

/** One item to grade: the model's output plus, where a grader needs them, the dataset row's fields. */
export interface TGradeInput {
  output: string;
  /** The dataset item's expected output; `null`/`undefined` means "none" ("" is a real, empty expectation). */
  expected?: string | null;
  input?: unknown;
  context?: string | null;
}

/** Reason text used whenever a grader that compares against the expected output has none. */
export const NEEDS_EXPECTED_REASON = "needs expectedOutput";

export function passFail(pass: boolean, reason: string, details: Record<string, unknown> = {}): TGradeResult {
  return { pass, score: pass ? 1 : 0, reason, details };
}

/**
 * A row without an expected output is a data problem, not a config problem: the grade fails with a
 * clear reason instead of throwing, so one bad row cannot abort a whole experiment run.
 */
export function missingExpected(grader: string): TGradeResult {
  return {
    pass: false,
    score: 0,
    reason: `${NEEDS_EXPECTED_REASON}: ${grader} compares against the item's expected output, which is missing`,
    details: { error: "missing_expected" },
  };
}
