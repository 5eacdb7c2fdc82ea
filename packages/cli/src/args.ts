import { parseArgs, type ParseArgsConfig } from "node:util";
import { CliError } from "./errors";

// Argument parsing with node's parseArgs: strict (an unknown option is an error naming it), and
// the helpers below turn strings into checked numbers and lists.

export type TOptionSpec = NonNullable<ParseArgsConfig["options"]>;

export type TValues = Record<string, string | boolean | undefined>;

export function parse(
  argv: string[],
  options: TOptionSpec,
  command: string,
): { values: TValues; positionals: string[] } {
  try {
    return parseArgs({
      args: argv,
      options: { ...options, help: { type: "boolean", short: "h" } },
      allowPositionals: true,
      strict: true,
    });
  } catch (err) {
    throw new CliError("usage", `${command}: ${(err as Error).message.replace(/\. To specify a positional.*$/s, "")}`);
  }
}

export function list(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const items = value
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  return items.length ? items : undefined;
}

export function number(
  value: string | undefined,
  flag: string,
  opts: { min?: number; max?: number; integer?: boolean } = {},
): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  const bad =
    value.trim() === "" ||
    !Number.isFinite(n) ||
    (opts.integer && !Number.isInteger(n)) ||
    (opts.min !== undefined && n < opts.min) ||
    (opts.max !== undefined && n > opts.max);
  if (bad) {
    const range = [opts.min !== undefined && `≥ ${opts.min}`, opts.max !== undefined && `≤ ${opts.max}`].filter(
      Boolean,
    );
    throw new CliError(
      "usage",
      `${flag} must be ${opts.integer ? "a whole number" : "a number"}${range.length ? ` ${range.join(" and ")}` : ""}, got "${value}"`,
    );
  }
  return n;
}

/** `a=0.9,b=0.8` → {a: 0.9, b: 0.8}. */
export function keyValues(value: string | undefined, flag: string): Record<string, number> | undefined {
  const items = list(value);
  if (!items) return undefined;
  const out: Record<string, number> = {};
  for (const item of items) {
    const m = /^([^=]+)=(.+)$/.exec(item);
    if (!m) throw new CliError("usage", `${flag} takes name=value pairs separated by commas, got "${item}"`);
    out[m[1]!.trim()] = number(m[2]!.trim(), `${flag} ${m[1]!.trim()}`, { min: 0 })!;
  }
  return out;
}

export function required<T>(value: T | undefined, flag: string, command: string): T {
  if (value === undefined || value === "")
    throw new CliError("usage", `${command}: ${flag} is required (see yardstick ${command} --help)`);
  return value;
}
