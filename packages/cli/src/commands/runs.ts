import { number, parse } from "../args";
import { ApiClient } from "../client";
import { connection } from "../config";
import { CliError, EXIT } from "../errors";
import { evaluateGate } from "../gate";
import type { TIo } from "../io";
import { OUTPUT_OPTIONS, writeOutputs } from "../outputs";
import { compareAll } from "../run-gate";
import { renderTable } from "../table";

export const RUNS_HELP = `yardstick runs list [--dataset <name>] [--limit <n>] [--json]
yardstick runs show <run-id> [--baseline-run <id>] [--json] [--junit <file>] [--out <file>] [--summary <file>]

list: newest runs first with status, verdict and prompts.
show: a run's results table and gates (its last prompt version is the candidate; with two
prompt versions the first is compared as the baseline).`;

const CONN = { url: { type: "string" }, "api-key": { type: "string" } } as const;

export async function runsCommand(argv: string[], io: TIo): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === "list") return listRuns(rest, io);
  if (sub === "show") return showRun(rest, io);
  if (sub === "--help" || sub === "-h" || sub === undefined) {
    io.out(RUNS_HELP);
    return sub === undefined ? EXIT.error : EXIT.pass;
  }
  throw new CliError("usage", `runs: unknown subcommand "${sub}" (list or show)`);
}

async function listRuns(argv: string[], io: TIo): Promise<number> {
  const { values, positionals } = parse(
    argv,
    { dataset: { type: "string" }, limit: { type: "string" }, json: { type: "boolean" }, ...CONN },
    "runs list",
  );
  if (values.help) {
    io.out(RUNS_HELP);
    return EXIT.pass;
  }
  if (positionals.length) throw new CliError("usage", `runs list: unexpected argument "${positionals[0]}"`);
  const limit = number(values.limit as string | undefined, "--limit", { min: 1, max: 200, integer: true });
  const client = new ApiClient(connection(values as { url?: string; "api-key"?: string }, io.env));
  const page = await client.listRuns({ dataset: values.dataset as string | undefined, limit });
  if (values.json) {
    io.out(JSON.stringify(page, null, 2));
    return EXIT.pass;
  }
  if (!page.runs.length) {
    io.out("No runs yet.");
    return EXIT.pass;
  }
  const rows = page.runs.map((r) => [
    r.id,
    r.createdAt.slice(0, 19).replace("T", " "),
    r.status,
    r.verdict ?? "—",
    `${r.dataset.name} v${r.dataset.version}`,
    r.arms.map((a) => `${a.promptName} v${a.promptVersion}${a.label ? ` (${a.label})` : ""}`).join(" vs "),
    r.name ?? "",
  ]);
  const head = ["ID", "CREATED (UTC)", "STATUS", "VERDICT", "DATASET", "PROMPTS", "NAME"];
  const all = [head, ...rows];
  const widths = head.map((_, i) => Math.max(...all.map((r) => r[i]!.length)));
  io.out(
    all
      .map((r) =>
        r
          .map((c, i) => c.padEnd(widths[i]!))
          .join("  ")
          .trimEnd(),
      )
      .join("\n"),
  );
  return EXIT.pass;
}

async function showRun(argv: string[], io: TIo): Promise<number> {
  const { values, positionals } = parse(
    argv,
    { json: { type: "boolean" }, "baseline-run": { type: "string" }, ...OUTPUT_OPTIONS, ...CONN },
    "runs show",
  );
  if (values.help) {
    io.out(RUNS_HELP);
    return EXIT.pass;
  }
  const [id, ...rest] = positionals;
  if (!id) throw new CliError("usage", "runs show: the run id is missing");
  if (rest.length) throw new CliError("usage", `runs show: unexpected argument "${rest[0]}"`);
  const client = new ApiClient(connection(values as { url?: string; "api-key"?: string }, io.env));
  const artifact = await client.artifact(id);
  if (values.json && !values.out) {
    io.out(JSON.stringify(artifact, null, 2));
    return EXIT.pass;
  }
  const candidateArm = artifact.prompts.length - 1;
  const finished = artifact.status === "completed";
  const baselineRunId = values["baseline-run"] as string | undefined;
  const compared =
    finished && (baselineRunId || candidateArm > 0)
      ? await compareAll(
          client,
          id,
          baselineRunId ? { baselineRunId, candidateArm } : { baselineArm: 0, candidateArm },
          artifact,
          candidateArm,
        )
      : null;
  const comparison = compared?.comparison ?? null;
  const report = evaluateGate({
    name: artifact.name ?? id,
    artifact,
    candidateArm,
    comparison,
    partitionComparisons: compared?.byPartition,
  });
  if (!finished)
    report.notes.push(
      `the run is ${artifact.status}: ${artifact.counts.doneCases}/${artifact.counts.totalCases} cases`,
    );
  io.out(values.json ? JSON.stringify(artifact, null, 2) : renderTable(report));
  writeOutputs(values as { junit?: string; out?: string; summary?: string }, [report], {
    ...artifact,
    gate: { verdict: report.verdict, failures: report.failures, rows: report.rows },
    comparison,
  });
  if (!finished) return EXIT.error;
  return report.verdict === "PASS" ? EXIT.pass : EXIT.gateFailed;
}
