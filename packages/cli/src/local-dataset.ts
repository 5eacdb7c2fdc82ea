import { readFileSync } from "node:fs";
import { parseDatasetFile, type TParsedDatasetItem } from "@yardstick/core/datasets";
import { promptVariablesOf } from "@yardstick/core/experiments";
import { CliError } from "./errors";

// A local JSONL file checked before anything runs, with the server's own item parser (unknown
// field, missing `expectedOutput`, wrong type → line and field), plus what the prompt needs: each
// item must carry every variable the prompt's templates use, so a renamed column fails here
// instead of scoring silently against an empty variable.

export function readJsonl(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (err) {
    throw new CliError("file", `cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

export function checkJsonl(file: string, content: string, promptVariables: string[] = []): TParsedDatasetItem[] {
  const parsed = parseDatasetFile("jsonl", content);
  const lines: string[] = [];
  if (!parsed.ok) {
    for (const i of parsed.errors) lines.push(`${file}:${i.line}: ${i.field ?? "(line)"}: ${i.message}`);
    if (parsed.errorCount > parsed.errors.length) lines.push(`… and ${parsed.errorCount - parsed.errors.length} more`);
    throw new CliError("file", lines.join("\n"));
  }
  for (const item of parsed.items) {
    const vars = promptVariablesOf(item.fields.input);
    for (const v of promptVariables)
      if (!(v in vars)) lines.push(`${item.line}: input.${v}: missing required field (the prompt uses {{${v}}})`);
    if (lines.length >= 20) break;
  }
  if (lines.length) throw new CliError("file", lines.map((l) => `${file}:${l}`).join("\n"));
  return parsed.items;
}
