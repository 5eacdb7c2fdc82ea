import { dirname, isAbsolute, resolve } from "node:path";
import { DATASET_SOURCE_PREFIX, type TSuiteEvalSet } from "@yardstick/contracts/suite";
import { parsePromptRef, type TPublicRunGrader } from "@yardstick/contracts/public-runs";
import { list, number, parse, required } from "../args";
import { ApiClient } from "../client";
import { connection } from "../config";
import { CliError, EXIT } from "../errors";
import { gitCommit, waitOptions, type TIo } from "../io";
import { checkJsonl, readJsonl } from "../local-dataset";
import { OUTPUT_OPTIONS, writeOutputs } from "../outputs";
import { runGate, type TGatePlan, type TGateResult } from "../run-gate";
import { sampleJsonl } from "../sample";
import { readSuite } from "../suite";
import { renderTable } from "../table";

export const EVAL_HELP = `yardstick eval — run every eval set of a suite file and gate on all of them.

Usage:
  yardstick eval --suite evals/suite.yaml [options]

Options:
  --suite <file>       the suite (YAML; see the README for its shape)          (required)
  --only <a,b>         run only these eval sets
  --check              validate the suite and its local files, run nothing
  --git-commit <sha>   recorded on the runs (default $GITHUB_SHA)
  --timeout <minutes>  per eval set (default 60)
  --junit <file>       JUnit XML: a test suite per eval set, a test case per grader × partition
  --out <file>         JSON: every set's artifact, gate and comparison
  --summary <file>     append a Markdown table (e.g. $GITHUB_STEP_SUMMARY)
  --url, --api-key     server and key (default $YARDSTICK_URL, $YARDSTICK_API_KEY)

A local JSONL source is checked line by line first (unknown field, missing expectedOutput,
a variable the prompt uses missing from input), then pushed as the dataset named after the
eval set (mode replace: the file is the whole dataset; unchanged files add no version).
samples: N runs a seeded subset (seed: S, default 1), pushed as "<dataset>-sample-N-seed-S".

Exit codes: 0 every set passed, 1 a gate failed, 2 error (suite, files, server, key).`;

const OPTIONS = {
  suite: { type: "string" },
  only: { type: "string" },
  check: { type: "boolean" },
  "git-commit": { type: "string" },
  timeout: { type: "string" },
  url: { type: "string" },
  "api-key": { type: "string" },
  ...OUTPUT_OPTIONS,
} as const;

const RUN_ID = /^(?:run:)(.+)$|^(c[a-z0-9]{24})$/;

/** The graders of a set, mapped onto saved graders: llm_judge dimensions are LLM-judge graders. */
export function suiteGraders(set: TSuiteEvalSet): TPublicRunGrader[] {
  if (set.type === "llm_judge") {
    return set.dimensions!.map((name) => ({
      name,
      kind: "llm_judge" as const,
      ...(set.judge_model && { judgeModel: set.judge_model }),
      ...(set.thresholds?.[name] !== undefined && { threshold: set.thresholds[name], scale: "judge" as const }),
    }));
  }
  const metric = set.type === "semantic_similarity" ? "meanScore" : "passRate";
  return set.graders!.map((name) => {
    const t = set.threshold ?? set.thresholds?.[name];
    return { name, kind: set.type, ...(t !== undefined && { threshold: t, metric }) };
  });
}

interface TPrepared {
  set: TSuiteEvalSet;
  /** A dataset ref, or a local file to push first. */
  dataset?: string;
  local?: { file: string; content: string };
}

function isDatasetSource(source: string) {
  return source.startsWith(DATASET_SOURCE_PREFIX);
}

async function datasetFor(client: ApiClient, p: TPrepared): Promise<{ ref: string; notes: string[] }> {
  const { set } = p;
  const seed = set.seed ?? 1;
  if (p.local) {
    const content = set.samples ? sampleJsonl(p.local.content, set.samples, seed, set.partitions) : p.local.content;
    const name = set.samples ? `${set.name}-sample-${set.samples}-seed-${seed}` : set.name;
    const pushed = await client.pushDataset(name, content, {
      mode: "replace",
      message: `yardstick eval: ${p.local.file}`,
    });
    return {
      ref: `${pushed.dataset.name}@${pushed.version}`,
      notes: [
        `${p.local.file} → dataset ${pushed.dataset.name} v${pushed.version}${pushed.changed ? " (new version)" : " (unchanged)"}`,
      ],
    };
  }
  if (!set.samples) return { ref: p.dataset!, notes: [] };
  const at = p.dataset!.lastIndexOf("@");
  const name = at < 0 ? p.dataset! : p.dataset!.slice(0, at);
  const version = at < 0 ? undefined : Number(p.dataset!.slice(at + 1));
  const pulled = await client.pullDataset(name, version);
  const derived = `${name}-sample-${set.samples}-seed-${seed}`;
  const pushed = await client.pushDataset(derived, sampleJsonl(pulled.content, set.samples, seed, set.partitions), {
    mode: "replace",
    message: `yardstick eval: ${set.samples} items of ${name} v${pulled.version}, seed ${seed}`,
  });
  return {
    ref: `${derived}@${pushed.version}`,
    notes: [
      `${set.samples} items of ${name} v${pulled.version} (seed ${seed}) → dataset ${derived} v${pushed.version}`,
    ],
  };
}

export async function evalCommand(argv: string[], io: TIo): Promise<number> {
  const { values, positionals } = parse(argv, OPTIONS, "eval");
  if (values.help) {
    io.out(EVAL_HELP);
    return EXIT.pass;
  }
  if (positionals.length) throw new CliError("usage", `eval takes no positional arguments, got "${positionals[0]}"`);
  const file = required(values.suite as string | undefined, "--suite", "eval");
  const timeout = number(values.timeout as string | undefined, "--timeout", { min: 0.1 });
  // 1. The suite and every local file, offline: nothing runs on a bad file.
  const suite = readSuite(isAbsolute(file) ? file : resolve(io.cwd, file));
  const only = list(values.only as string | undefined);
  const names = new Set(suite.eval_sets.map((s) => s.name));
  for (const n of only ?? [])
    if (!names.has(n)) throw new CliError("usage", `--only: the suite has no eval set "${n}"`);
  const sets = suite.eval_sets.filter((s) => !only || only.includes(s.name));
  const base = dirname(isAbsolute(file) ? file : resolve(io.cwd, file));
  const prepared: TPrepared[] = sets.map((set) => {
    if (isDatasetSource(set.source)) return { set, dataset: set.source.slice(DATASET_SOURCE_PREFIX.length) };
    const path = isAbsolute(set.source) ? set.source : resolve(base, set.source);
    const content = readJsonl(path);
    checkJsonl(set.source, content);
    return { set, local: { file: set.source, content } };
  });
  const client = new ApiClient(connection(values as { url?: string; "api-key"?: string }, io.env));
  // 2. Local items against the variables their prompts use (a renamed column fails here).
  for (const p of prepared) {
    if (!p.local) continue;
    const ref = parsePromptRef(p.set.prompt);
    const prompt = await client.prompt(ref.name, ref);
    checkJsonl(p.local.file, p.local.content, prompt.variables);
  }
  if (values.check) {
    io.out(`${file}: ${prepared.length} eval set${prepared.length === 1 ? "" : "s"} valid`);
    return EXIT.pass;
  }
  // 3. Run each set and gate on it.
  const results: TGateResult[] = [];
  for (const p of prepared) {
    const { ref, notes } = await datasetFor(client, p);
    const baseline = p.set.baseline === undefined ? undefined : String(p.set.baseline);
    const runMatch = baseline ? RUN_ID.exec(baseline) : null;
    const plan: TGatePlan = {
      name: p.set.name,
      dataset: ref,
      prompt: p.set.prompt,
      ...(baseline && !runMatch && { baseline }),
      ...(runMatch && { baselineRunId: runMatch[1] ?? runMatch[2] }),
      graders: suiteGraders(p.set),
      partitions: p.set.partitions,
      repeats: p.set.repeats,
      concurrency: p.set.concurrency,
      minEffect: p.set.min_effect,
      gitCommit: gitCommit(values["git-commit"] as string | undefined, io.env),
      notes,
    };
    const result = await runGate(client, plan, waitOptions(io, timeout));
    io.out(renderTable(result.report) + "\n");
    results.push(result);
  }
  const failed = results.filter((r) => r.report.verdict === "FAIL").map((r) => r.report.name);
  io.out(
    failed.length ? `FAIL: ${failed.join(", ")}` : `PASS: ${results.length} eval set${results.length === 1 ? "" : "s"}`,
  );
  writeOutputs(
    values as { junit?: string; out?: string; summary?: string },
    results.map((r) => r.report),
    {
      suite: file,
      verdict: failed.length ? "FAIL" : "PASS",
      sets: results.map((r) => ({
        name: r.report.name,
        verdict: r.report.verdict,
        failures: r.report.failures,
        rows: r.report.rows,
        artifact: r.artifact,
        comparison: r.comparison,
      })),
    },
  );
  return failed.length ? EXIT.gateFailed : EXIT.pass;
}
