import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, inject, it, onTestFinished } from "vitest";
import { gate, startHarness, type THarness } from "./harness";

let h: THarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe("embedded executor: crash recovery", () => {
  it("a new executor resumes a run whose executor was killed, without re-running finished steps", async () => {
    const calls = { one: 0, two: 0, three: 0 };
    const twoStarted = gate();
    const releaseTwo = gate();
    h = await startHarness((client) => [
      client.createFunction({ id: "resumable", triggers: [{ event: "test/resume" }] }, async ({ step }) => {
        await step.run("one", () => ++calls.one);
        await step.run("two", async () => {
          calls.two++;
          twoStarted.open();
          await releaseTwo.opened;
          return calls.two;
        });
        return step.run("three", () => ++calls.three);
      }),
    ]);
    const sent = await h.sendOne("test/resume");

    // Executor A, in a child process on the real clock, picks the run up; kill it inside step two.
    const leaseMs = 5_000;
    const child = spawn(
      process.execPath,
      ["--import", "tsx", fileURLToPath(new URL("./fixtures/executor-process.ts", import.meta.url))],
      {
        env: {
          ...process.env,
          JOBS_TEST_DATABASE_URL: inject("databaseUrl"),
          JOBS_TEST_SIGNING_KEY: h.signingKey,
          JOBS_TEST_LEASE_MS: String(leaseMs),
        },
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    const exited = new Promise((resolve) => child.on("exit", resolve));
    onTestFinished(() => void child.kill("SIGKILL")); // never left running when the test fails early
    await twoStarted.opened;
    child.kill("SIGKILL");
    await exited;
    releaseTwo.open(); // step two finishes in the app, but nobody is left to hear it

    const leased = await sent.run();
    expect(leased).toMatchObject({ status: "running" });
    expect(leased.steps.map((s) => s.name)).toEqual(["one"]);
    expect(leased.leaseOwner).not.toBe(h.executor.owner);

    // Executor B cannot take the run while A's lease holds, then resumes it.
    expect(await h.executor.drain()).toBe(0);
    await h.advance(leaseMs + 60_000);
    const run = await sent.run();
    expect(run).toMatchObject({ status: "completed", output: 1 });
    expect(run.steps.map((s) => s.name)).toEqual(["one", "two", "three"]);
    // Step one finished before the crash and is not re-run; step two was cut off and runs again.
    expect(calls).toEqual({ one: 1, two: 2, three: 1 });
  });
});
