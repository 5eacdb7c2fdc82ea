import { cron } from "inngest";
import { afterEach, describe, expect, it } from "vitest";
import { gate, startHarness, type THarness } from "./harness";

let h: THarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe("embedded executor: concurrency, cron, cancellation", () => {
  it("runs at most `limit` runs of one concurrency key at once, and other keys alongside", async () => {
    const inFlight = new Map<string, number>();
    const peak = new Map<string, number>();
    h = await startHarness(
      (client) => [
        client.createFunction(
          {
            id: "per-tenant",
            triggers: [{ event: "test/tenant-work" }],
            concurrency: [{ key: "event.data.tenant", limit: 2 }],
          },
          async ({ step, event }) =>
            step.run("work", async () => {
              const t = event.data.tenant as string;
              inFlight.set(t, (inFlight.get(t) ?? 0) + 1);
              peak.set(t, Math.max(peak.get(t) ?? 0, inFlight.get(t)!));
              // Hold the slot until a second run of the key is in (or 1 s), so overlaps are certain.
              for (let waited = 0; inFlight.get(t)! < 2 && waited < 1_000; waited += 10)
                await new Promise((r) => setTimeout(r, 10));
              await new Promise((r) => setTimeout(r, 50));
              inFlight.set(t, inFlight.get(t)! - 1);
              return t;
            }),
        ),
      ],
      { poolSize: 10 },
    );
    const sent = [];
    for (let i = 0; i < 6; i++) sent.push(await h.sendOne("test/tenant-work", { tenant: "a" }));
    sent.push(await h.sendOne("test/tenant-work", { tenant: "b" }));
    await h.executor.drain();
    for (const s of sent) expect((await s.run()).status).toBe("completed");
    expect(peak.get("a")).toBe(2);
    expect(peak.get("b")).toBe(1);
    expect((await sent[0]!.run()).concurrencyKey).toBe("a");
  });

  it("a backlog held back by its key's limit does not starve other keys", async () => {
    const order: string[] = [];
    h = await startHarness(
      (client) => [
        client.createFunction(
          {
            id: "backlog",
            triggers: [{ event: "test/backlog" }],
            concurrency: [{ key: "event.data.tenant", limit: 1 }],
          },
          async ({ step, event }) => step.run("work", () => order.push(event.data.tenant as string)),
        ),
      ],
      { poolSize: 2 },
    );
    // 60 runs of tenant a queued first: more than a claim looks at (poolSize × 25).
    await h.client.send(Array.from({ length: 60 }, () => ({ name: "test/backlog", data: { tenant: "a" } })));
    await h.client.send({ name: "test/backlog", data: { tenant: "b" } });
    await h.executor.drain();
    expect(order).toHaveLength(61);
    expect(order.indexOf("b")).toBeLessThanOrEqual(1); // b runs in the first round, beside one a
  });

  it("fires a cron function on its tick, once", async () => {
    let ticks = 0;
    h = await startHarness((client) => [
      client.createFunction({ id: "every-ten", triggers: [cron("*/10 * * * *")] }, async ({ event, step }) => {
        await step.run("tick", () => ++ticks);
        return event.name;
      }),
    ]);
    const now = h.clock.now().getTime();
    const nextTick = Math.ceil((now + 1) / 600_000) * 600_000;
    expect(await h.advance(nextTick - now - 1_000)).toBe(0);
    expect(ticks).toBe(0);
    expect(await h.advance(1_000)).toBe(1);
    expect(ticks).toBe(1);
    expect(await h.executor.drain()).toBe(0); // the same tick never fires twice
    expect(await h.advance(600_000)).toBe(1);
    expect(ticks).toBe(2);
  });

  it("cancels a sleeping run, which then never resumes", async () => {
    let after = 0;
    h = await startHarness((client) => [
      client.createFunction({ id: "cancel-sleeping", triggers: [{ event: "test/cancel-sleep" }] }, async ({ step }) => {
        await step.sleep("wait", "10m");
        await step.run("after", () => ++after);
      }),
    ]);
    const sent = await h.sendOne("test/cancel-sleep");
    await h.executor.drain();
    const run = await sent.run();
    expect(run.status).toBe("sleeping");
    expect(await h.executor.cancel(run.id)).toBe(true);
    expect(await h.advance(3_600_000)).toBe(0);
    expect(after).toBe(0);
    expect(await sent.run()).toMatchObject({ status: "cancelled", endedAt: expect.any(Date) });
    expect(await h.executor.cancel(run.id)).toBe(false); // already over
  });

  it("cancels a running run: the step in flight is dropped and no later step runs", async () => {
    const hold = gate();
    const entered = gate();
    const calls = { slow: 0, next: 0 };
    h = await startHarness((client) => [
      client.createFunction({ id: "cancel-running", triggers: [{ event: "test/cancel-run" }] }, async ({ step }) => {
        await step.run("slow", async () => {
          calls.slow++;
          entered.open();
          await hold.opened;
        });
        await step.run("next", () => ++calls.next);
      }),
    ]);
    const sent = await h.sendOne("test/cancel-run");
    const draining = h.executor.drain();
    await entered.opened;
    expect(await h.executor.cancel((await sent.run()).id)).toBe(true);
    hold.open();
    await draining;
    await h.advance(3_600_000);
    const run = await sent.run();
    expect(run.status).toBe("cancelled");
    expect(run.steps).toEqual([]);
    expect(calls).toEqual({ slow: 1, next: 0 });
  });

  it("starts one run per event id, however often it is sent", async () => {
    let runs = 0;
    h = await startHarness((client) => [
      client.createFunction({ id: "idempotent", triggers: [{ event: "test/once" }] }, async () => ++runs),
    ]);
    await h.client.send({ id: "order-42", name: "test/once", data: {} });
    await h.client.send({ id: "order-42", name: "test/once", data: {} });
    await h.executor.drain();
    expect(runs).toBe(1);
  });
});
