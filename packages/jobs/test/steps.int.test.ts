import { afterEach, describe, expect, it } from "vitest";
import { startHarness, type THarness } from "./harness";

let h: THarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe("embedded executor: steps, retries, sleeps", () => {
  it("runs each step once, memoizing results between calls", async () => {
    const calls = { a: 0, b: 0 };
    h = await startHarness((client) => [
      client.createFunction({ id: "two-steps", triggers: [{ event: "test/two" }] }, async ({ step, event }) => {
        const a = await step.run("a", () => ++calls.a + (event.data.n as number));
        const b = await step.run("b", () => ++calls.b + a);
        return { a, b };
      }),
    ]);
    const sent = await h.sendOne("test/two", { n: 10 });
    expect(await h.executor.drain()).toBe(1);
    const run = await sent.run();
    expect(run).toMatchObject({ status: "completed", output: { a: 11, b: 12 }, attempt: 0, failures: 0 });
    expect(run.steps.map((s) => s.name)).toEqual(["a", "b"]);
    expect(calls).toEqual({ a: 1, b: 1 });
  });

  it("retries a step that throws, after a backoff, without re-running earlier steps", async () => {
    const calls = { first: 0, flaky: 0, last: 0 };
    const attempts: number[] = [];
    h = await startHarness((client) => [
      client.createFunction(
        { id: "flaky", triggers: [{ event: "test/flaky" }], retries: 3 },
        async ({ step, attempt }) => {
          await step.run("first", () => ++calls.first);
          const v = await step.run("flaky", () => {
            attempts.push(attempt);
            if (++calls.flaky < 3) throw new Error(`boom ${calls.flaky}`);
            return "ok";
          });
          await step.run("last", () => ++calls.last);
          return v;
        },
      ),
    ]);
    const sent = await h.sendOne("test/flaky");
    await h.executor.drain();
    expect(await sent.run()).toMatchObject({ status: "queued", attempt: 1, failures: 1, error: { message: "boom 1" } });
    // The retry is not due before its backoff (10 s ±20 %) has passed.
    expect(await h.advance(7_000)).toBe(0);
    await h.advance(6_000);
    expect(await sent.run()).toMatchObject({ status: "queued", attempt: 2, failures: 2 });
    await h.advance(30_000);
    const run = await sent.run();
    expect(run).toMatchObject({ status: "completed", output: "ok", attempt: 0, failures: 2 });
    expect(calls).toEqual({ first: 1, flaky: 3, last: 1 });
    expect(attempts).toEqual([0, 1, 2]); // ctx.attempt reaches the function
  });

  it("resumes after a sleep only once the clock has passed it", async () => {
    const calls = { before: 0, after: 0 };
    h = await startHarness((client) => [
      client.createFunction({ id: "sleeper", triggers: [{ event: "test/sleep" }] }, async ({ step }) => {
        await step.run("before", () => ++calls.before);
        await step.sleep("nap", "1h");
        await step.run("after", () => ++calls.after);
        return "woke";
      }),
    ]);
    const sent = await h.sendOne("test/sleep");
    await h.executor.drain();
    const slept = await sent.run();
    expect(slept.status).toBe("sleeping");
    expect(slept.nextRunAt.getTime() - h.clock.now().getTime()).toBe(3_600_000);
    expect(await h.advance(3_599_000)).toBe(0);
    expect(calls).toEqual({ before: 1, after: 0 });
    expect(await h.advance(1_000)).toBe(1);
    expect(await sent.run()).toMatchObject({ status: "completed", output: "woke" });
    expect(calls).toEqual({ before: 1, after: 1 });
  });

  it("runs parallel steps (StepPlanned) each once", async () => {
    const calls: string[] = [];
    h = await startHarness((client) => [
      client.createFunction({ id: "fan-out", triggers: [{ event: "test/parallel" }] }, async ({ step }) => {
        const parts = await Promise.all(
          ["x", "y", "z"].map((k) => step.run(`part-${k}`, () => (calls.push(k), k.toUpperCase()))),
        );
        return step.run("join", () => parts.join(""));
      }),
    ]);
    const sent = await h.sendOne("test/parallel");
    await h.executor.drain();
    expect(await sent.run()).toMatchObject({ status: "completed", output: "XYZ" });
    expect(calls.sort()).toEqual(["x", "y", "z"]);
  });
});
