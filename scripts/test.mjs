#!/usr/bin/env node
// `npm test`: lint, typecheck, unit, integration (real Postgres: TEST_DATABASE_URL, else the
// embedded one) and end-to-end (Chromium) tests. Prints one closing line: "Tests: N passed, M failed".
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const REPORTS = join(ROOT, ".test-reports");
rmSync(REPORTS, { recursive: true, force: true });
mkdirSync(REPORTS, { recursive: true });
const env = { ...process.env, TURBO_TELEMETRY_DISABLED: "1", FORCE_COLOR: process.env.CI ? "0" : "1" };
const only = process.argv[2]; // optional: lint | typecheck | unit | int | e2e

let passed = 0;
let failed = 0;
const failures = [];

function run(label, cmd, args, opts = {}) {
  console.log(`\n━━ ${label}: ${cmd} ${args.join(" ")}`);
  const started = Date.now();
  const r = spawnSync(cmd, args, { cwd: opts.cwd ?? ROOT, env: { ...env, ...opts.env }, stdio: "inherit" });
  console.log(`━━ ${label}: ${r.status === 0 ? "ok" : "FAILED"} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (r.status !== 0) failures.push(label);
  return r.status === 0;
}

function vitest(label, dir, config) {
  const out = join(REPORTS, `${label.replace(/\W+/g, "-")}.json`);
  const args = ["vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${out}`];
  if (config) args.push("--config", config);
  const ok = run(label, "npx", args, { cwd: join(ROOT, dir) });
  if (existsSync(out)) {
    const r = JSON.parse(readFileSync(out, "utf8"));
    passed += r.numPassedTests;
    failed += r.numFailedTests;
  } else if (!ok) failed += 1;
}

const want = (s) => !only || only === s;

// Type-aware lint builds TypeScript programs for every package: more heap than Node's default.
if (want("lint")) {
  run("lint", "npx", ["eslint", "."], {
    env: { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --max-old-space-size=6144`.trim() },
  });
  run("format", "npx", ["prettier", "--check", "."]);
}
if (want("typecheck")) run("typecheck", "npx", ["turbo", "run", "typecheck", "--output-logs=errors-only"]);
if (want("unit")) {
  vitest("unit contracts", "packages/contracts");
  vitest("unit core", "packages/core");
  vitest("unit server", "packages/server", "vitest.config.ts");
  vitest("unit api", "packages/api", "vitest.config.ts");
  vitest("unit llm", "packages/llm");
  vitest("unit jobs", "packages/jobs");
  vitest("unit sdk", "packages/sdk");
  vitest("unit cli", "packages/cli");
  vitest("unit tooling", "tooling");
  vitest("unit web", "apps/web");
}
if (want("int")) {
  console.log(
    `\nIntegration tests run on ${process.env.TEST_DATABASE_URL ? "TEST_DATABASE_URL's Postgres" : "the embedded Postgres (set TEST_DATABASE_URL for a real server)"}`,
  );
  vitest("integration db", "packages/db");
  // Includes test/cli.int.test.ts: the built `yardstick` bin (packages/cli) against the app.
  vitest("integration api", "packages/api", "vitest.int.config.ts");
  vitest("integration jobs", "packages/jobs", "vitest.int.config.ts");
}
if (want("e2e")) {
  const out = join(REPORTS, "e2e.json");
  const ok = run("e2e", "npx", ["playwright", "test", "--reporter=list,json"], {
    cwd: join(ROOT, "e2e"),
    env: { PLAYWRIGHT_JSON_OUTPUT_FILE: out },
  });
  if (existsSync(out)) {
    const s = JSON.parse(readFileSync(out, "utf8")).stats ?? {};
    passed += (s.expected ?? 0) + (s.flaky ?? 0);
    failed += s.unexpected ?? 0;
  } else if (!ok) failed += 1;
}

if (failures.length) console.log(`\nFailed steps: ${failures.join(", ")}`);
if (failures.length && failed === 0) failed = failures.length; // a failed lint/typecheck step counts
console.log(`\nTests: ${passed} passed, ${failed} failed`);
process.exit(failures.length ? 1 : 0);
