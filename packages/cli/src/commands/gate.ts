import { EXPERIMENT_PARTITIONS, type TExperimentPartition } from "@yardstick/contracts/experiments";
import type { TPublicRunGrader } from "@yardstick/contracts/public-runs";
import { keyValues, list, number, parse, required } from "../args";
import { ApiClient } from "../client";
import { connection } from "../config";
import { CliError, EXIT } from "../errors";
import { gitCommit, waitOptions, type TIo } from "../io";
import { OUTPUT_OPTIONS, writeOutputs } from "../outputs";
import { runGate, type TGatePlan } from "../run-gate";
import { renderTable } from "../table";

export const GATE_HELP = `yardstick gate — run a prompt on a dataset and gate on thresholds, the golden partition
and a paired statistical comparison against a baseline.

Usage:
  yardstick gate --dataset <name>[@version] --prompt <name>@<label|version> [options]

Options:
  --dataset <name[@v]>     dataset, latest version unless @version is given        (required)
  --prompt <name@ref>      candidate prompt version: a label or a version number   (required)
  --baseline <ref>         label or version of the same prompt (production, 3), another
                           prompt (name@label), or an earlier run (run:<id>); a prompt
                           baseline runs in the same run, paired item by item
  --graders <a,b>          saved graders by name (default with run:<id>: that run's)
  --threshold <x>          fail when a grader's pass rate is below x (0..1)
  --thresholds <a=x,b=y>   per-grader thresholds
  --metric <m>             passRate (default) or meanScore for the thresholds
  --partitions <p,q>       golden, regression, adversarial, distribution (default all)
  --min-effect <x>         smallest significant drop vs the baseline that fails (default:
                           the project's minimum effects)
  --repeats <n>            samples per item (default 1)
  --concurrency <n>        model calls at once (default 4)
  --name <text>            run name (default "gate <prompt>")
  --git-commit <sha>       recorded on the run (default $GITHUB_SHA)
  --timeout <minutes>      give up waiting after this long (default 60)
  --junit <file>           write JUnit XML (a test case per grader × partition)
  --out <file>             write the run's JSON artifact with the gate and comparison
  --summary <file>         append a Markdown table (e.g. $GITHUB_STEP_SUMMARY)
  --url <url>              server (default $YARDSTICK_URL)
  --api-key <key>          key with the run scope (default $YARDSTICK_API_KEY)

Exit codes: 0 passed, 1 a gate failed, 2 error (arguments, server unreachable, key refused).`;

const OPTIONS = {
  dataset: { type: "string" },
  prompt: { type: "string" },
  baseline: { type: "string" },
  graders: { type: "string" },
  threshold: { type: "string" },
  thresholds: { type: "string" },
  metric: { type: "string" },
  partitions: { type: "string" },
  "min-effect": { type: "string" },
  repeats: { type: "string" },
  concurrency: { type: "string" },
  name: { type: "string" },
  "git-commit": { type: "string" },
  timeout: { type: "string" },
  url: { type: "string" },
  "api-key": { type: "string" },
  ...OUTPUT_OPTIONS,
} as const;

const RUN_ID = /^(?:run:)(.+)$|^(c[a-z0-9]{24})$/;

export function partitionsOf(value: string | undefined, flag: string): TExperimentPartition[] | undefined {
  const items = list(value);
  if (!items) return undefined;
  for (const p of items)
    if (!(EXPERIMENT_PARTITIONS as readonly string[]).includes(p))
      throw new CliError("usage", `${flag}: "${p}" is not a partition (${EXPERIMENT_PARTITIONS.join(", ")})`);
  return items as TExperimentPartition[];
}

/** The gate's plan from flags; the run-id baseline's graders are read from that run when --graders is absent. */
export async function gatePlan(
  values: Record<string, string | boolean | undefined>,
  io: TIo,
  client: ApiClient | null,
): Promise<TGatePlan> {
  const v = values as Record<string, string | undefined>;
  const dataset = required(v.dataset, "--dataset", "gate");
  const prompt = required(v.prompt, "--prompt", "gate");
  if (!/^[^@]+@[^@]+$/.test(prompt))
    throw new CliError("usage", `--prompt is <name>@<label|version> (e.g. classify@candidate), got "${prompt}"`);
  const metric = v.metric;
  if (metric !== undefined && metric !== "passRate" && metric !== "meanScore")
    throw new CliError("usage", `--metric is passRate or meanScore, got "${metric}"`);
  const threshold = number(v.threshold, "--threshold", { min: 0, max: 1 });
  const thresholds = keyValues(v.thresholds, "--thresholds");
  if (threshold !== undefined && thresholds) throw new CliError("usage", "give --threshold or --thresholds, not both");
  const runMatch = v.baseline ? RUN_ID.exec(v.baseline) : null;
  const baselineRunId = runMatch ? (runMatch[1] ?? runMatch[2]) : undefined;
  let names = list(v.graders);
  const fromRun: Record<string, { threshold: number | null; metric: "passRate" | "meanScore" }> = {};
  // Without a client (checking arguments before any request) a run baseline's graders are unknown yet.
  const deferred = !names && baselineRunId !== undefined && !client;
  if (deferred) names = [];
  if (!names && baselineRunId && client) {
    const base = await client.artifact(baselineRunId);
    names = base.graders.map((g) => g.name);
    for (const g of base.graders) fromRun[g.name] = { threshold: g.threshold, metric: g.thresholdMetric };
  }
  if (!names) throw new CliError("usage", "gate: --graders is required (or --baseline run:<id> to reuse that run's)");
  for (const k of Object.keys(thresholds ?? {}))
    if (!deferred && !names.includes(k))
      throw new CliError("usage", `--thresholds names "${k}", which is not in --graders`);
  const graders: TPublicRunGrader[] = names.map((name) => {
    const t = threshold ?? thresholds?.[name] ?? fromRun[name]?.threshold ?? undefined;
    if (t !== undefined && t > 1) throw new CliError("usage", `--thresholds ${name}: a threshold is between 0 and 1`);
    const m = (metric as "passRate" | "meanScore" | undefined) ?? fromRun[name]?.metric;
    return { name, ...(t !== undefined && { threshold: t }), ...(t !== undefined && m && { metric: m }) };
  });
  return {
    name: v.name ?? `gate ${prompt}`,
    dataset,
    prompt,
    ...(v.baseline && !baselineRunId && { baseline: v.baseline }),
    ...(baselineRunId && { baselineRunId }),
    graders,
    partitions: partitionsOf(v.partitions, "--partitions"),
    repeats: number(v.repeats, "--repeats", { min: 1, max: 10, integer: true }),
    concurrency: number(v.concurrency, "--concurrency", { min: 1, max: 64, integer: true }),
    minEffect: number(v["min-effect"], "--min-effect", { min: 0, max: 1 }),
    gitCommit: gitCommit(v["git-commit"], io.env),
  };
}

export async function gateCommand(argv: string[], io: TIo): Promise<number> {
  const { values, positionals } = parse(argv, OPTIONS, "gate");
  if (values.help) {
    io.out(GATE_HELP);
    return EXIT.pass;
  }
  if (positionals.length) throw new CliError("usage", `gate takes no positional arguments, got "${positionals[0]}"`);
  const timeout = number(values.timeout as string | undefined, "--timeout", { min: 0.1 });
  // Arguments first: a typo fails before the network is touched.
  await gatePlan(values, io, null);
  const client = new ApiClient(connection(values as { url?: string; "api-key"?: string }, io.env));
  const plan = await gatePlan(values, io, client);
  const result = await runGate(client, plan, waitOptions(io, timeout));
  io.out(renderTable(result.report));
  writeOutputs(values as { junit?: string; out?: string; summary?: string }, [result.report], {
    ...result.artifact,
    gate: { verdict: result.report.verdict, failures: result.report.failures, rows: result.report.rows },
    comparison: result.comparison,
  });
  return result.report.verdict === "PASS" ? EXIT.pass : EXIT.gateFailed;
}
