import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { main } from "./main";
import type { TIo } from "./io";
import { createProgress, eta, progressBar, progressText } from "./progress";
import { VERSION } from "./version";

function capture(env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io = {
    out: (t: string) => out.push(t),
    err: { write: (t: string) => err.push(t) },
    env,
    cwd: "/",
  } as unknown as TIo;
  return { io, out, err };
}

describe("main", () => {
  it("--version matches package.json; --help lists the commands", async () => {
    const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
      version: string;
      bin: Record<string, string>;
    };
    expect(VERSION).toBe(pkg.version);
    expect(pkg.bin).toEqual({ yardstick: "./dist/yardstick.mjs" });
    const v = capture();
    expect(await main(["--version"], v.io)).toBe(0);
    expect(v.out).toEqual([VERSION]);
    const h = capture();
    expect(await main(["--help"], h.io)).toBe(0);
    for (const c of ["gate", "eval", "push dataset", "pull dataset", "runs list"]) expect(h.out[0]).toContain(c);
    for (const c of ["gate", "eval", "push", "pull", "runs"]) {
      const ch = capture();
      expect(await main([c, "--help"], ch.io)).toBe(0);
      expect(ch.out[0]).toContain(`yardstick ${c}`);
    }
  });

  it("exits 2 with a message saying which: unknown command, missing flag, missing configuration", async () => {
    const a = capture();
    expect(await main(["deploy"], a.io)).toBe(2);
    expect(a.err[0]).toBe(
      'error (bad arguments): unknown command "deploy" (gate, eval, push, pull, runs; see --help)\n',
    );
    const b = capture();
    expect(await main(["gate", "--prompt", "a@b", "--graders", "x"], b.io)).toBe(2);
    expect(b.err[0]).toContain("--dataset is required");
    const c = capture({});
    expect(await main(["gate", "--dataset", "d", "--prompt", "a@b", "--graders", "x"], c.io)).toBe(2);
    expect(c.err[0]).toBe(
      "error (configuration): YARDSTICK_URL is not set (or pass --url): where does Yardstick run?\n",
    );
    const d = capture({ YARDSTICK_URL: "http://x" });
    expect(await main(["runs", "list"], d.io)).toBe(2);
    expect(d.err[0]).toContain("YARDSTICK_API_KEY is not set");
    const e = capture({ YARDSTICK_URL: "ftp://x", YARDSTICK_API_KEY: "k" });
    expect(await main(["runs", "list"], e.io)).toBe(2);
    expect(e.err[0]).toContain("must be http(s)");
  });
});

describe("progress", () => {
  const p = {
    status: "running" as const,
    totalCases: 200,
    doneCases: 50,
    errorCases: 2,
    cachedCases: 0,
    costUsd: 0.01234,
    fraction: 0.25,
    startedAt: "2026-01-01T00:00:00.000Z",
    endedAt: null,
    error: null,
  };
  it("shows cases, errors, cost and an ETA from the rate so far", () => {
    const t = Date.parse(p.startedAt) + 10_000;
    expect(eta(p, t, 0)).toBe(30_000);
    expect(progressText(p, eta(p, t, 0))).toBe("running 50/200 cases · 25% · 2 errors · $0.0123 · ETA 30s");
    expect(progressBar(0.25)).toBe(`[${"█".repeat(6)}${"░".repeat(18)}]`);
  });

  it("redraws one line on a terminal and prints plain lines (at most one per 10%) otherwise", () => {
    const writes: string[] = [];
    const stream = (isTTY: boolean) =>
      ({ isTTY, write: (t: string) => writes.push(t) }) as unknown as NodeJS.WriteStream;
    const tty = createProgress("gate", stream(true), () => Date.parse(p.startedAt) + 10_000);
    tty.update(p);
    tty.update({ ...p, doneCases: 200, fraction: 1, status: "completed" });
    tty.done();
    // Carriage return and "erase line" (ESC [2K), then the bar.
    expect(writes[0]).toBe(
      `\r\u001b[2Kgate [${"█".repeat(6)}${"░".repeat(18)}] running 50/200 cases · 25% · 2 errors · $0.0123 · ETA 30s`,
    );
    expect(writes[1]).toContain("completed 200/200 cases · 100%");
    expect(writes[2]).toBe("\n");
    writes.length = 0;
    const plain = createProgress("gate", stream(false), () => 0);
    for (const done of [50, 52, 55, 80]) plain.update({ ...p, doneCases: done, fraction: done / 200 });
    expect(writes.map((w) => w.replace(/ · ETA.*/, "").trim())).toEqual([
      "gate running 50/200 cases · 25% · 2 errors · $0.0123",
      "gate running 80/200 cases · 40% · 2 errors · $0.0123",
    ]);
  });
});
