import { appendFileSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { CliError } from "./errors";
import type { TGateReport } from "./gate";
import { renderJunit } from "./junit";
import { renderMarkdown } from "./table";

// The files a command writes when asked: --junit (JUnit XML), --out (JSON), --summary (Markdown,
// appended: point it at $GITHUB_STEP_SUMMARY).

export const OUTPUT_OPTIONS = {
  junit: { type: "string" },
  out: { type: "string" },
  summary: { type: "string" },
} as const;

function write(file: string, content: string, append = false) {
  try {
    mkdirSync(dirname(file), { recursive: true });
    if (append) appendFileSync(file, content);
    else writeFileSync(file, content);
  } catch (err) {
    throw new CliError(
      "file",
      `cannot write ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    );
  }
}

export function writeOutputs(
  flags: { junit?: string; out?: string; summary?: string },
  reports: TGateReport[],
  json: unknown,
) {
  if (flags.junit) write(flags.junit, renderJunit(reports));
  if (flags.out) write(flags.out, JSON.stringify(json, null, 2) + "\n");
  if (flags.summary) write(flags.summary, renderMarkdown(reports), true);
}
