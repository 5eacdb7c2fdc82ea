import { CliError, EXIT } from "./errors";
import { processIo, type TIo } from "./io";
import { pullCommand, pushCommand } from "./commands/datasets";
import { evalCommand } from "./commands/eval";
import { gateCommand } from "./commands/gate";
import { runsCommand } from "./commands/runs";
import { VERSION } from "./version";

export const HELP = `yardstick ${VERSION} — evaluate prompts on a Yardstick server and gate deploys in CI

Usage:
  yardstick gate --dataset <name>[@v] --prompt <name>@<label|v> [--baseline <ref>] [...]
  yardstick eval --suite evals/suite.yaml [...]
  yardstick push dataset <file.jsonl> --name <name>
  yardstick pull dataset <name> [--version <n>] [--output <file>]
  yardstick runs list | runs show <id>

Every command takes --url and --api-key (default $YARDSTICK_URL, $YARDSTICK_API_KEY: a project
key with the run scope). gate, eval and runs show write --junit <file>, --out <file> (JSON) and
--summary <file> (Markdown) when asked. "yardstick <command> --help" explains each.

Exit codes: 0 passed · 1 a gate failed · 2 error (arguments, suite, server unreachable, key refused).`;

const COMMANDS: Record<string, (argv: string[], io: TIo) => Promise<number>> = {
  gate: gateCommand,
  eval: evalCommand,
  push: pushCommand,
  pull: pullCommand,
  runs: runsCommand,
};

/** Runs the CLI and returns its exit code; never throws. */
export async function main(argv: string[], io: TIo = processIo()): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === "--version" || command === "-v" || command === "version") {
      io.out(VERSION);
      return EXIT.pass;
    }
    if (command === undefined || command === "--help" || command === "-h" || command === "help") {
      io.out(HELP);
      return command === undefined ? EXIT.error : EXIT.pass;
    }
    const run = COMMANDS[command];
    if (!run) throw new CliError("usage", `unknown command "${command}" (gate, eval, push, pull, runs; see --help)`);
    return await run(rest, io);
  } catch (err) {
    if (err instanceof CliError) {
      io.err.write(`${err.line}\n`);
      return EXIT.error;
    }
    io.err.write(`error (unexpected): ${(err as Error).stack ?? String(err)}\n`);
    return EXIT.error;
  }
}
