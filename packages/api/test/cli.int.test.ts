import { execFile } from "node:child_process";
import { createServer } from "node:net";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ZExperimentArtifact } from "@yardstick/contracts/experiments";
import {
  experimentsTenant,
  isJudgeCall,
  itemKey,
  jsonl,
  judgeGrade,
  systemOf,
  userTextOf,
} from "./experiments-fixtures";
import { servePublicApi } from "./public-api-server";

// The built `yardstick` CLI as a child process against the real app: every /api/public route
// over HTTP, Postgres, runs driven as jobs by the embedded executor, model calls through the real
// Anthropic SDK to the fake Messages API. The three exit codes, end to end.
const jobs = await vi.hoisted(async () => (await import("./job-server")).startJobServer());
beforeAll(() => jobs.serveApp());
afterAll(() => jobs.stop());

const CLI_DIR = fileURLToPath(new URL("../../cli/", import.meta.url));
const BIN = join(CLI_DIR, "dist/yardstick.mjs");

// 50 items: 4 golden, 46 distribution. Prompt v1 ("baseline", labelled production) and v2
// ("candidate", labelled staging) answer every item right; v3 ("worse") answers 40
// distribution items wrongly.
const N = 50;
const WRONG = new Set(Array.from({ length: 40 }, (_, i) => `q-${String(i + 4).padStart(3, "0")}`));

/** A port nothing listens on (bound, then released). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

type TResult = { code: number; stdout: string; stderr: string };

function cli(args: string[], env: Record<string, string>): Promise<TResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { env: { PATH: process.env.PATH ?? "", YARDSTICK_POLL_MS: "100", ...env }, timeout: 120_000 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === "number" ? err.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

describe("yardstick CLI against the app", () => {
  let x: Awaited<ReturnType<typeof experimentsTenant>>;
  let api: Awaited<ReturnType<typeof servePublicApi>>;
  let env: Record<string, string>;
  let readKey: string;
  let dir: string;

  beforeAll(async () => {
    await new Promise<void>((resolve, reject) =>
      execFile(process.execPath, [join(CLI_DIR, "scripts/build.mjs")], (err) => (err ? reject(err) : resolve())),
    );
    x = await experimentsTenant(N, { golden: 4 });
    const { c, projectId, promptId } = x;
    await c.prompts.setLabel({ projectId, promptId, label: "production", version: 1 });
    await c.prompts.createVersion({
      projectId,
      name: "answerer",
      messages: [{ role: "user", content: "{{question}}" }],
      model: "claude-haiku-4-5",
      params: { maxTokens: 64 },
      system: "worse",
      commitMessage: "v3: a worse prompt",
    });
    x.fake.setHandler((req) => {
      if (isJudgeCall(req)) return judgeGrade(5);
      const q = userTextOf(req);
      return systemOf(req) === "worse" && WRONG.has(q) ? { type: "text", text: `wrong answer to ${q}` } : undefined;
    });
    const runKey = (await c.apiKeys.create({ projectId, name: "ci", scopes: ["run"] })).secret;
    readKey = (await c.apiKeys.create({ projectId, name: "read", scopes: ["read"] })).secret;
    api = await servePublicApi();
    env = { YARDSTICK_URL: api.url, YARDSTICK_API_KEY: runKey };
    dir = mkdtempSync(join(tmpdir(), "yardstick-cli-"));
  });
  afterAll(async () => {
    await api?.close();
    await x?.fake.close();
  });

  it("a passing gate exits 0 and writes the table, JUnit XML and the JSON artifact", async () => {
    const junit = join(dir, "pass.xml");
    const out = join(dir, "pass.json");
    const summary = join(dir, "summary.md");
    const r = await cli(
      [
        "gate",
        "--dataset",
        "support",
        "--prompt",
        "answerer@staging",
        "--baseline",
        "production",
        "--graders",
        "exact",
        "--threshold",
        "0.9",
        "--junit",
        junit,
        "--out",
        out,
        "--summary",
        summary,
        "--git-commit",
        "abc1234",
      ],
      env,
    );
    expect(r.stderr).not.toMatch(/error/);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/GRADER\s+PARTITION\s+METRIC\s+VALUE\s+THRESHOLD/);
    expect(r.stdout).toMatch(/exact\s+all\s+pass rate\s+1\.000\s+≥ 0\.900\s+\+0\.000/);
    expect(r.stdout).toMatch(/exact\s+golden\s+pass rate\s+1\.000\s+= 1\.000/);
    expect(r.stdout).toContain("PASS — answerer v2 (staging) vs answerer v1 (production)");
    // Not a TTY: plain progress lines.
    expect(r.stderr).toMatch(/completed 100\/100 cases · 100%/);
    const xml = readFileSync(junit, "utf8");
    expect(xml).toContain('<testsuites name="yardstick" tests="3" failures="0"');
    expect(xml.match(/<testcase /g)).toHaveLength(3);
    const json = JSON.parse(readFileSync(out, "utf8")) as Record<string, unknown>;
    const artifact = ZExperimentArtifact.parse(json);
    expect(artifact).toMatchObject({ status: "completed", gitCommit: "abc1234", counts: { totalCases: 100 } });
    expect(json).toMatchObject({ gate: { verdict: "PASS" }, comparison: { baseline: { label: "production" } } });
    expect(readFileSync(summary, "utf8")).toContain("| exact | all | pass rate | 1.000 |");
  });

  it("an injected regression (40 worse answers) exits 1 and names the metric", async () => {
    const junit = join(dir, "fail.xml");
    const r = await cli(
      [
        "gate",
        "--dataset",
        "support",
        "--prompt",
        "answerer@3",
        "--baseline",
        "production",
        "--graders",
        "exact",
        "--min-effect",
        "0.05",
        "--junit",
        junit,
      ],
      env,
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/exact\s+all\s+pass rate\s+0\.200\s+—\s+−0\.800 \[/);
    expect(r.stdout).toMatch(
      /✗ exact pass rate fell 1\.000 → 0\.200 \(Δ −0\.800, 95% CI .*p = .* adjusted\): a significant regression beyond the minimum effect 0\.05/,
    );
    // Per-partition deltas are shown (not gating); the 40 wrong answers are all distribution items.
    expect(r.stdout).toMatch(/exact\s+distribution\s+pass rate\s+0\.130\s+—\s+−0\.870 \[/);
    // The golden partition still passes: only the comparison fails the gate.
    expect(r.stdout).toMatch(/exact\s+golden\s+pass rate\s+1\.000\s+= 1\.000.*pass/);
    const xml = readFileSync(junit, "utf8");
    expect(xml).toContain('failures="1"');
    expect(xml).toMatch(
      /<testcase classname="yardstick.gate answerer@3" name="exact · all" time="0">\s*<failure message="exact pass rate fell/,
    );
    expect(xml).toMatch(/worst cases: item-0(0[4-9]|[1-4]\d)/);
  });

  it("--baseline run:<id> compares with an earlier run and reuses its graders and thresholds", async () => {
    const earlier = (JSON.parse(readFileSync(join(dir, "pass.json"), "utf8")) as { runId: string }).runId;
    const r = await cli(
      ["gate", "--dataset", "support", "--prompt", "answerer@3", "--baseline", `run:${earlier}`],
      env,
    );
    expect(r.code).toBe(1);
    // The earlier run's candidate arm (staging) is the baseline; its threshold 0.9 applies again.
    expect(r.stdout).toContain("FAIL — answerer v3 vs answerer v2 (staging)");
    expect(r.stdout).toMatch(/exact\s+all\s+pass rate\s+0\.200\s+≥ 0\.900\s+−0\.800/);
    expect(r.stdout).toContain("✗ exact pass rate 0.200 is below the threshold 0.900 (40 cases failed)");
  });

  it("a threshold below the pass rate fails the gate without a baseline", async () => {
    const r = await cli(
      ["gate", "--dataset", "support", "--prompt", "answerer@3", "--graders", "exact", "--threshold", "0.5"],
      env,
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/✗ exact pass rate 0\.200 is below the threshold 0\.500 \(40 cases failed\)/);
  });

  it("a bad suite file exits 2 with its line and field, and runs nothing", async () => {
    const suite = join(dir, "bad-suite.yaml");
    writeFileSync(
      suite,
      [
        'version: "1.0"',
        "eval_sets:",
        "  - name: support",
        "    type: deterministic",
        "    source: dataset:support",
        "    prompt: answerer@staging",
        "    graders: [exact]",
        "    thresold: 0.9",
        "    samples: many",
      ].join("\n"),
    );
    const before = (await x.c.experiments.list({ projectId: x.projectId })).runs.length;
    const r = await cli(["eval", "--suite", suite], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`error (invalid suite file): ${suite}:8: eval_sets[0].thresold: unknown key`);
    expect(r.stderr).toContain(`${suite}:9: eval_sets[0].samples: must be a number`);
    expect((await x.c.experiments.list({ projectId: x.projectId })).runs.length).toBe(before);
  });

  it("a local JSONL line without a variable the prompt uses exits 2 with file, line and field", async () => {
    writeFileSync(
      join(dir, "renamed.jsonl"),
      jsonl(
        { id: "a", input: { question: "q-000" }, expectedOutput: "echo: q-000" },
        { id: "b", input: { query: "q-001" }, expectedOutput: "echo: q-001" },
      ),
    );
    const suite = join(dir, "renamed.yaml");
    writeFileSync(
      suite,
      'version: "1.0"\neval_sets:\n  - name: renamed\n    type: deterministic\n    source: renamed.jsonl\n    prompt: answerer@staging\n    graders: [exact]\n',
    );
    const r = await cli(["eval", "--suite", suite], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      "renamed.jsonl:2: input.question: missing required field (the prompt uses {{question}})",
    );
  });

  it("eval runs a suite with a local JSONL source (pushed as a dataset) and passes; runs list/show and pull see it", async () => {
    const rows = Array.from({ length: 12 }, (_, i) => ({
      id: itemKey(i),
      input: { question: `l-${i}` },
      expectedOutput: `echo: l-${i}`,
      partition: i < 2 ? "golden" : "regression",
    }));
    writeFileSync(join(dir, "local.jsonl"), jsonl(...rows));
    const suite = join(dir, "suite.yaml");
    writeFileSync(
      suite,
      [
        'version: "1.0"',
        "eval_sets:",
        "  - name: local_set",
        "    type: deterministic",
        "    source: local.jsonl",
        "    samples: 10",
        "    prompt: answerer@staging",
        "    baseline: production",
        "    graders: [exact]",
        "    threshold: 0.9",
      ].join("\n"),
    );
    const out = join(dir, "suite.json");
    const r = await cli(["eval", "--suite", suite, "--out", out], env);
    expect(r.stderr).not.toMatch(/error/);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("PASS: 1 eval set");
    expect(r.stdout).toContain("note: local.jsonl → dataset local_set-sample-10-seed-1 v1 (new version)");
    const json = JSON.parse(readFileSync(out, "utf8")) as {
      sets: { artifact: { runId: string; counts: { totalCases: number } } }[];
    };
    expect(json.sets[0]!.artifact.counts.totalCases).toBe(20);
    const runId = json.sets[0]!.artifact.runId;

    const pulled = await cli(["pull", "dataset", "local_set-sample-10-seed-1"], env);
    expect(pulled.code).toBe(0);
    expect(pulled.stdout.trim().split("\n")).toHaveLength(10);

    const list = await cli(["runs", "list", "--limit", "5"], env);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(
      new RegExp(`${runId}\\s+\\S+ \\S+\\s+completed\\s+PASS\\s+local_set-sample-10-seed-1 v1`),
    );
    const show = await cli(["runs", "show", runId], env);
    expect(show.code).toBe(0);
    expect(show.stdout).toMatch(/exact\s+all\s+pass rate\s+1\.000/);
  });

  it("an llm_judge set on a seeded sample of a stored dataset: thresholds on the judge's scale, judge_model checked", async () => {
    const suite = (judgeModel: string, threshold: number) => {
      const file = join(dir, `judge-${threshold}.yaml`);
      writeFileSync(
        file,
        [
          'version: "1.0"',
          "eval_sets:",
          "  - name: judged",
          "    type: llm_judge",
          "    source: dataset:support",
          "    samples: 10",
          "    seed: 7",
          "    prompt: answerer@staging",
          "    baseline: production",
          `    judge_model: ${judgeModel}`,
          "    dimensions: [helpful]",
          `    thresholds: {helpful: ${threshold}}`,
        ].join("\n"),
      );
      return file;
    };
    // The judge gives every answer 5 of 1–5: a mean score of 1.0 on the 0..1 scale.
    const ok = await cli(["eval", "--suite", suite("claude-sonnet-4-6", 4)], env);
    expect(ok.stderr).not.toMatch(/error/);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/helpful\s+all\s+mean score\s+1\.000\s+≥ 0\.750/);
    expect(ok.stdout).toContain("note: 10 items of support v1 (seed 7) → dataset support-sample-10-seed-7 v1");
    const wrongModel = await cli(["eval", "--suite", suite("claude-opus-4-1", 4)], env);
    expect(wrongModel.code).toBe(2);
    expect(wrongModel.stderr).toContain(
      "graders.0.judgeModel: helpful v1 judges with claude-sonnet-4-6, not claude-opus-4-1 (HTTP 400)",
    );
    const offScale = await cli(["eval", "--suite", suite("claude-sonnet-4-6", 6)], env);
    expect(offScale.code).toBe(2);
    expect(offScale.stderr).toContain("graders.0.threshold: 6 is outside helpful's scale 1..5");
  });

  it("push dataset validates first, then creates; an unchanged file adds no version", async () => {
    const file = join(dir, "push.jsonl");
    writeFileSync(
      file,
      jsonl({ id: "p1", input: "hi", expectedOutput: null }, { id: "p2", input: "yo", expectedOutput: "x" }),
    );
    const first = await cli(["push", "dataset", file, "--name", "pushed"], env);
    expect(first.stdout).toContain("pushed v1: created (2 items");
    const again = await cli(["push", "dataset", file, "--name", "pushed"], env);
    expect(again.stdout).toContain("pushed v1: unchanged");
    writeFileSync(file, '{"id":"p1","input":"hi","expected_output":null}\n{"id":"p3","input":"x","expected":"y"}\n');
    const bad = await cli(["push", "dataset", file, "--name", "pushed"], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/push\.jsonl:2: expected: unknown field/);
  });

  it("a refused key, a key without the run scope and an unreachable server exit 2 saying which", async () => {
    const args = ["gate", "--dataset", "support", "--prompt", "answerer@staging", "--graders", "exact"];
    const badKey = await cli(args, { ...env, YARDSTICK_API_KEY: "ys_sk_not_a_real_key_000000000000" });
    expect(badKey.code).toBe(2);
    expect(badKey.stderr).toMatch(/^error \(API key refused\): .*check YARDSTICK_API_KEY .*\(HTTP 401\)/);
    const readOnly = await cli(args, { ...env, YARDSTICK_API_KEY: readKey });
    expect(readOnly.code).toBe(2);
    expect(readOnly.stderr).toMatch(
      /^error \(API key lacks a scope\): This API key lacks the 'run' scope \(HTTP 403\)/,
    );
    const closed = await freePort();
    const down = await cli(args, { ...env, YARDSTICK_URL: `http://127.0.0.1:${closed}` });
    expect(down.code).toBe(2);
    expect(down.stderr).toMatch(
      /^error \(server unreachable\): cannot reach http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)/,
    );
    const unknownGrader = await cli([...args.slice(0, -1), "nope"], env);
    expect(unknownGrader.code).toBe(2);
    expect(unknownGrader.stderr).toContain(
      'error (not found): graders.0.name: no grader named "nope" in this project (HTTP 404)',
    );
  });
});

describe("public run API: scopes and field errors", () => {
  let api: Awaited<ReturnType<typeof servePublicApi>>;
  let x: Awaited<ReturnType<typeof experimentsTenant>>;
  let runKey: string;
  let readKey: string;
  beforeAll(async () => {
    x = await experimentsTenant(3);
    runKey = (await x.c.apiKeys.create({ projectId: x.projectId, name: "ci", scopes: ["run"] })).secret;
    readKey = (await x.c.apiKeys.create({ projectId: x.projectId, name: "r", scopes: ["read"] })).secret;
    api = await servePublicApi();
  });
  afterAll(async () => {
    await api.close();
    await x.fake.close();
  });
  const post = (key: string, body: unknown) =>
    fetch(`${api.url}/api/public/experiments`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });

  it("answers 400/404 naming the field, 403 without the run scope, and writes nothing", async () => {
    const ok = { dataset: "support", prompt: "answerer@staging", graders: [{ name: "exact" }] };
    expect((await post(readKey, ok)).status).toBe(403);
    const extra = await post(runKey, { ...ok, grader: "x" });
    expect(extra.status).toBe(400);
    expect(await extra.json()).toMatchObject({ error: expect.stringContaining("grader") });
    const badPrompt = await post(runKey, { ...ok, prompt: "answerer" });
    expect(badPrompt.status).toBe(400);
    expect((await badPrompt.json()) as { error: string }).toMatchObject({ error: expect.stringContaining("prompt") });
    const noDataset = await post(runKey, { ...ok, dataset: "nope@2" });
    expect(noDataset.status).toBe(404);
    expect(await noDataset.json()).toMatchObject({
      error: 'dataset: no dataset named "nope" in this project',
      field: "dataset",
    });
    const noLabel = await post(runKey, { ...ok, baseline: "gold" });
    expect(await noLabel.json()).toMatchObject({
      field: "baseline",
      error: 'baseline: no version of "answerer" is labelled "gold"',
    });
    const threshold = await post(runKey, { ...ok, graders: [{ name: "exact", threshold: 3 }] });
    expect(threshold.status).toBe(400);
    expect(await threshold.json()).toMatchObject({ field: "graders.0.threshold" });
    const kind = await post(runKey, { ...ok, graders: [{ name: "exact", kind: "llm_judge" }] });
    expect(await kind.json()).toMatchObject({
      field: "graders.0.name",
      error: "graders.0.name: exact is a exact_match grader, not llm_judge",
    });
    expect((await x.c.experiments.list({ projectId: x.projectId })).runs).toHaveLength(0);
    const progress = await fetch(`${api.url}/api/public/experiments/nope/progress`, {
      headers: { authorization: `Bearer ${readKey}` },
    });
    expect(progress.status).toBe(404);
  });
  it("another project's key sees none of this project's runs or datasets", async () => {
    const started = await post(runKey, {
      dataset: "support",
      prompt: "answerer@staging",
      graders: [{ name: "exact" }],
    });
    expect(started.status).toBe(201);
    const { runId } = (await started.json()) as { runId: string };
    const pushed = await fetch(`${api.url}/api/public/datasets/only-in-x/jsonl`, {
      method: "POST",
      headers: { authorization: `Bearer ${runKey}`, "content-type": "application/x-ndjson" },
      body: '{"input":"a","expectedOutput":null}\n',
    });
    expect(pushed.status).toBe(200);
    const y = await experimentsTenant(3);
    try {
      const yKey = (await y.c.apiKeys.create({ projectId: y.projectId, name: "ci", scopes: ["run"] })).secret;
      const get = (path: string) => fetch(`${api.url}${path}`, { headers: { authorization: `Bearer ${yKey}` } });
      for (const path of [
        `/api/public/experiments/${runId}`,
        `/api/public/experiments/${runId}/progress`,
        `/api/public/experiments/${runId}/compare?baselineArm=0`,
        "/api/public/datasets/only-in-x/jsonl",
      ])
        expect((await get(path)).status, path).toBe(404);
      const own = await fetch(`${api.url}/api/public/experiments`, {
        method: "POST",
        headers: { authorization: `Bearer ${yKey}`, "content-type": "application/json" },
        body: JSON.stringify({ dataset: "support", prompt: "answerer@staging", graders: [{ name: "exact" }] }),
      });
      const ownRun = ((await own.json()) as { runId: string }).runId;
      const cmp = await get(`/api/public/experiments/${ownRun}/compare?baselineRunId=${runId}`);
      expect(cmp.status).toBe(404);
      expect(await cmp.json()).toMatchObject({ field: "baselineRunId" });
      const listed = (await (await get("/api/public/experiments")).json()) as { runs: { id: string }[] };
      expect(listed.runs.map((r) => r.id)).toEqual([ownRun]);
    } finally {
      await y.fake.close();
    }
  });
});
