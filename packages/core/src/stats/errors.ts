/**
 * Thrown by every public function of `@yardstick/core/stats` when an input is
 * unusable (empty, NaN, negative count, unequal paired lengths, ...).
 * `argument` names the offending parameter so callers can map it to a field.
 */
export class StatsInputError extends Error {
  readonly code = "INVALID_ARGUMENT" as const;

  constructor(
    public readonly argument: string,
    message: string,
  ) {
    super(`${argument}: ${message}`);
    this.name = "StatsInputError";
  }
}
