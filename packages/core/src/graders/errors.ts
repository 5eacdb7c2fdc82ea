/**
 * A grader config that cannot be used (unknown type, bad field, invalid regex, uncompilable JSON
 * Schema). `field` names the offending config path (e.g. "checks.1.pattern") so a form can show it.
 */
export class GraderConfigError extends Error {
  readonly code = "INVALID_GRADER_CONFIG" as const;

  constructor(
    public readonly field: string,
    message: string,
    public readonly issues: readonly { field: string; message: string }[] = [{ field, message }],
  ) {
    super(`${field || "(config)"}: ${message}`);
    this.name = "GraderConfigError";
  }
}

/** A metric function called with unusable arguments (e.g. embedding vectors of different lengths). */
export class GraderInputError extends Error {
  readonly code = "INVALID_GRADER_INPUT" as const;

  constructor(
    public readonly argument: string,
    message: string,
  ) {
    super(`${argument}: ${message}`);
    this.name = "GraderInputError";
  }
}
