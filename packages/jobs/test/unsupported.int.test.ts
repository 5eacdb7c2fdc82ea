import { afterEach, describe, expect, it } from "vitest";
import { startHarness, type THarness } from "./harness";

let h: THarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe("embedded executor: what it does not implement is refused, never ignored", () => {
  it("refuses a sync whose functions use unsupported options, naming them", async () => {
    await expect(
      startHarness((client) => [
        client.createFunction(
          { id: "throttled", triggers: [{ event: "test/throttled" }], throttle: { limit: 1, period: "1m" } },
          async () => null,
        ),
      ]),
    ).rejects.toThrow(/throttled: throttle not supported by the embedded executor/);
  });

  it("fails a run that reaches step.waitForEvent, without retrying", async () => {
    let before = 0;
    h = await startHarness((client) => [
      client.createFunction({ id: "waits", triggers: [{ event: "test/waits" }] }, async ({ step }) => {
        await step.run("before", () => ++before);
        return step.waitForEvent("approval", { event: "test/approved", timeout: "1h" });
      }),
    ]);
    const sent = await h.sendOne("test/waits");
    await h.executor.drain();
    expect(await sent.run()).toMatchObject({
      status: "failed",
      error: { name: "NotSupported", message: "step op WaitForEvent is not supported by the embedded executor" },
    });
    await h.advance(24 * 3_600_000);
    expect(before).toBe(1);
  });
});
