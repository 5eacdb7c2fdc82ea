import { describe, expect, it } from "vitest";
import { createLimiter } from "./concurrency";

const tick = (ms = 5) => new Promise((r) => setTimeout(r, ms));

describe("createLimiter", () => {
  it("never runs more than n at once and runs everything", async () => {
    const limit = createLimiter(3);
    let running = 0;
    let peak = 0;
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        limit.run(async () => {
          running++;
          peak = Math.max(peak, running);
          await tick();
          running--;
          return i;
        }),
      ),
    );
    expect(results).toEqual([...Array(12).keys()]);
    expect(peak).toBe(3);
    expect(limit.active).toBe(0);
  });

  it("releases the slot when the task throws", async () => {
    const limit = createLimiter(1);
    await expect(limit.run(async () => Promise.reject(new Error("x")))).rejects.toThrow("x");
    expect(await limit.run(async () => "next")).toBe("next");
  });

  it("drops a queued task whose signal aborts", async () => {
    const limit = createLimiter(1);
    const ctrl = new AbortController();
    const first = limit.run(() => tick(30));
    let ran = false;
    const second = limit.run(async () => void (ran = true), ctrl.signal);
    expect(limit.pending).toBe(1);
    ctrl.abort();
    await expect(second).rejects.toMatchObject({ kind: "aborted" });
    expect(limit.pending).toBe(0);
    await first;
    expect(ran).toBe(false);
  });

  it("rejects a bad limit", () => {
    expect(() => createLimiter(0)).toThrow(RangeError);
  });
});
