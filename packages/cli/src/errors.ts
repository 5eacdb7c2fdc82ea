// Exit codes: 0 the gate passed, 1 a gate failed, 2 anything else (bad arguments, a bad suite
// file, an unreachable server, a refused key, a run that failed). The message says which.
export const EXIT = { pass: 0, gateFailed: 1, error: 2 } as const;

export type TCliErrorKind =
  | "usage"
  | "config"
  | "suite"
  | "file"
  | "unreachable"
  | "auth"
  | "forbidden"
  | "not_found"
  | "invalid"
  | "server"
  | "run_failed"
  | "timeout";

const PREFIX: Record<TCliErrorKind, string> = {
  usage: "bad arguments",
  config: "configuration",
  suite: "invalid suite file",
  file: "file",
  unreachable: "server unreachable",
  auth: "API key refused",
  forbidden: "API key lacks a scope",
  not_found: "not found",
  invalid: "rejected by the server",
  server: "server error",
  run_failed: "run failed",
  timeout: "timed out",
};

/** An error that ends the command with exit code 2 and one readable line. */
export class CliError extends Error {
  constructor(
    readonly kind: TCliErrorKind,
    message: string,
  ) {
    super(message);
  }

  get line(): string {
    return `error (${PREFIX[this.kind]}): ${this.message}`;
  }
}
