import { writeFileSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import { number, parse, required } from "../args";
import { ApiClient } from "../client";
import { connection } from "../config";
import { CliError, EXIT } from "../errors";
import type { TIo } from "../io";
import { checkJsonl, readJsonl } from "../local-dataset";

export const PUSH_HELP = `yardstick push dataset <file.jsonl> --name <name> [--mode replace|upsert|append] [--message <text>]

Checks the file line by line (the server's rules: unknown field, missing expectedOutput, …),
then imports it into the dataset <name> (created when missing). replace (default): the file
becomes the whole dataset. A file that changes nothing adds no version. Needs the run scope.`;

export const PULL_HELP = `yardstick pull dataset <name> [--version <n>] [--output <file>]

Writes a dataset version (latest by default) as JSONL to --output, or to stdout.`;

const CONN = { url: { type: "string" }, "api-key": { type: "string" } } as const;

export async function pushCommand(argv: string[], io: TIo): Promise<number> {
  const { values, positionals } = parse(
    argv,
    { name: { type: "string" }, mode: { type: "string" }, message: { type: "string" }, ...CONN },
    "push",
  );
  if (values.help) {
    io.out(PUSH_HELP);
    return EXIT.pass;
  }
  const [what, file, ...rest] = positionals;
  if (what !== "dataset")
    throw new CliError("usage", `push: expected "push dataset <file.jsonl> --name <name>", got "${what ?? ""}"`);
  if (!file) throw new CliError("usage", "push dataset: the JSONL file is missing");
  if (rest.length) throw new CliError("usage", `push dataset: unexpected argument "${rest[0]}"`);
  const name = required(values.name as string | undefined, "--name", "push");
  const mode = values.mode as string | undefined;
  if (mode !== undefined && !["replace", "upsert", "append"].includes(mode))
    throw new CliError("usage", `--mode is replace, upsert or append, got "${mode}"`);
  const content = readJsonl(isAbsolute(file) ? file : resolve(io.cwd, file));
  const items = checkJsonl(file, content);
  const client = new ApiClient(connection(values as { url?: string; "api-key"?: string }, io.env));
  const r = await client.pushDataset(name, content, { mode, message: values.message as string | undefined });
  io.out(
    `${r.dataset.name} v${r.version}: ${r.changed ? `${r.created ? "created" : "new version"}` : "unchanged"} (${items.length} items in ${file}, ${r.itemCount} in the version)`,
  );
  return EXIT.pass;
}

export async function pullCommand(argv: string[], io: TIo): Promise<number> {
  const { values, positionals } = parse(
    argv,
    { version: { type: "string" }, output: { type: "string", short: "o" }, ...CONN },
    "pull",
  );
  if (values.help) {
    io.out(PULL_HELP);
    return EXIT.pass;
  }
  const [what, name, ...rest] = positionals;
  if (what !== "dataset") throw new CliError("usage", `pull: expected "pull dataset <name>", got "${what ?? ""}"`);
  if (!name) throw new CliError("usage", "pull dataset: the dataset name is missing");
  if (rest.length) throw new CliError("usage", `pull dataset: unexpected argument "${rest[0]}"`);
  const version = number(values.version as string | undefined, "--version", { min: 1, integer: true });
  const client = new ApiClient(connection(values as { url?: string; "api-key"?: string }, io.env));
  const r = await client.pullDataset(name, version);
  const output = values.output as string | undefined;
  if (!output) {
    io.out(r.content.replace(/\n$/, ""));
    return EXIT.pass;
  }
  try {
    writeFileSync(isAbsolute(output) ? output : resolve(io.cwd, output), r.content);
  } catch (err) {
    throw new CliError(
      "file",
      `cannot write ${output}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    );
  }
  io.err.write(`${name} v${r.version} → ${output}\n`);
  return EXIT.pass;
}
