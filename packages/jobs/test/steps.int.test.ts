import { findJobRun } from "@yardstick/db";
import { afterEach, describe, expect, it } from "vitest";
import { startHarness, type THarness } from "./harness";

let h: THarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function onlyRun(h: THarness, eventId: string) {
  const fnId = (await h.executor["functions"]())[0]!.id;
  return findJobRun(await runIdOf(eventId, fnId));
}

async function runIdOf(eventId: string, fnId: string) {
  const { getDb } = await import("@yardstick/db");
  const run = await getDb().jobRun.findUniqueOrThrow({ where: { dedupeKey: `${eventId}:${fnId}` }, select: { id: true } });
  return run.id;
}

describe("embedded executor: steps", () => {
  it("runs each step once, memoizing results between calls", async () => {
    const calls = { a: 0, b: 0 };
    h = await startHarness((client) => [
      client.createFunction({ id: "two-steps", triggers: [{ event: "test/two" }] }, async ({ step, event }) => {
        const a = await step.run("a", () => ++calls.a + (event.data.n as number));
        const b = await step.run("b", () => ++calls.b + a);
        return { a, b };
      }),
    ]);
    const { ids } = await h.client.send({ name: "test/two", data: { n: 10 } });
    expect(await h.executor.drain()).toBe(1);
    const run = await onlyRun(h, ids[0]!);
    expect(run).toMatchObject({ status: "completed", output: { a: 11, b: 12 }, attempt: 0, failures: 0 });
    expect(run!.steps.map((s) => s.name)).toEqual(["a", "b"]);
    expect(calls).toEqual({ a: 1, b: 1 });
  });
});
