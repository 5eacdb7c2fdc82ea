import { NonRetriableError, RetryAfterError } from "inngest";
import { afterEach, describe, expect, it } from "vitest";
import { startHarness, type THarness } from "./harness";

let h: THarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe("embedded executor: failures", () => {
  it("fails at once on NonRetriableError", async () => {
    let tries = 0;
    h = await startHarness((client) => [
      client.createFunction({ id: "fatal", triggers: [{ event: "test/fatal" }], retries: 5 }, async ({ step }) => {
        await step.run("doomed", () => {
          tries++;
          throw new NonRetriableError("bad input");
        });
        return "unreachable";
      }),
    ]);
    const sent = await h.sendOne("test/fatal");
    await h.executor.drain();
    const run = await sent.run();
    expect(run).toMatchObject({ status: "failed", failures: 1 });
    expect(run.error).toMatchObject({ name: "NonRetriableError", message: "bad input" });
    expect(run.endedAt).toBeInstanceOf(Date);
    await h.advance(24 * 3_600_000);
    expect(tries).toBe(1);
  });

  it("waits the time a RetryAfterError asks for", async () => {
    let tries = 0;
    h = await startHarness((client) => [
      client.createFunction({ id: "rate-limited", triggers: [{ event: "test/retry-after" }] }, async ({ step }) => {
        return step.run("call-api", () => {
          if (++tries === 1) throw new RetryAfterError("slow down", "5m");
          return tries;
        });
      }),
    ]);
    const sent = await h.sendOne("test/retry-after");
    await h.executor.drain();
    const parked = await sent.run();
    expect(parked.status).toBe("queued");
    expect(parked.nextRunAt.getTime() - h.clock.now().getTime()).toBe(300_000);
    expect(await h.advance(299_000)).toBe(0);
    await h.advance(1_000);
    expect(await sent.run()).toMatchObject({ status: "completed", output: 2 });
  });

  it("fails the run when a step exhausts its retries, and runs the onFailure handler", async () => {
    let tries = 0;
    const failures: unknown[] = [];
    h = await startHarness((client) => [
      client.createFunction(
        {
          id: "exhausted",
          triggers: [{ event: "test/exhaust" }],
          retries: 1,
          onFailure: async ({ event, error }: { event: { data: { run_id: string } }; error: Error }) => {
            failures.push({ runId: event.data.run_id, message: error.message });
          },
        },
        async ({ step }) =>
          step.run("always-fails", () => {
            tries++;
            throw new Error("still broken");
          }),
      ),
    ]);
    const sent = await h.sendOne("test/exhaust");
    await h.executor.drain();
    await h.advance(60_000);
    const run = await sent.run();
    expect(tries).toBe(2); // retries: 1 → two attempts
    expect(run).toMatchObject({ status: "failed", failures: 2 });
    expect(run.error).toMatchObject({ message: expect.stringContaining("still broken") });
    expect(failures).toEqual([{ runId: run.id, message: expect.stringContaining("still broken") }]);
  });

  it("retries an error thrown outside any step", async () => {
    let calls = 0;
    h = await startHarness((client) => [
      client.createFunction({ id: "bare-throw", triggers: [{ event: "test/bare" }] }, async () => {
        if (++calls === 1) throw new Error("transient");
        return "fine";
      }),
    ]);
    const sent = await h.sendOne("test/bare");
    await h.executor.drain();
    expect(await sent.run()).toMatchObject({ status: "queued", attempt: 1, error: { message: "transient" } });
    await h.advance(15_000);
    expect(await sent.run()).toMatchObject({ status: "completed", output: "fine", failures: 1 });
  });
});
