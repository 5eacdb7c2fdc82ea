import { describe, expect, it } from "vitest";
import { LlmError } from "./errors";
import { backoffDelay, withRetry } from "./retry";

const err = (kind: LlmError["kind"], retryAfterMs?: number) =>
  new LlmError({ kind, message: kind, ...(retryAfterMs !== undefined && { retryAfterMs }) });

function recorder() {
  const sleeps: number[] = [];
  return { sleeps, sleep: async (ms: number) => void sleeps.push(ms) };
}

describe("backoffDelay", () => {
  it("is full jitter over an exponentially growing ceiling", () => {
    const max = { baseMs: 100, maxMs: 10_000, random: () => 0.999999 };
    expect([0, 1, 2, 3].map((a) => backoffDelay(a, {}, max))).toEqual([99, 199, 399, 799]);
    expect(backoffDelay(3, {}, { ...max, random: () => 0 })).toBe(0);
    expect(backoffDelay(3, {}, { ...max, random: () => 0.5 })).toBe(400);
  });

  it("caps at maxMs", () => {
    expect(backoffDelay(20, {}, { baseMs: 500, maxMs: 30_000, random: () => 0.999999 })).toBe(29_999);
  });

  it("treats Retry-After as a floor, still capped", () => {
    const o = { baseMs: 100, maxMs: 5_000, random: () => 0.5 };
    expect(backoffDelay(0, { retryAfterMs: 1_000 }, o)).toBe(1_000);
    expect(backoffDelay(5, { retryAfterMs: 1_000 }, o)).toBe(1_600); // backoff larger than Retry-After
    expect(backoffDelay(0, { retryAfterMs: 60_000 }, o)).toBe(5_000);
  });
});

describe("withRetry", () => {
  it("retries retryable errors until success", async () => {
    const { sleeps, sleep } = recorder();
    let calls = 0;
    const result = await withRetry(
      async () => {
        calls++;
        if (calls < 3) throw err("overloaded");
        return "ok";
      },
      { sleep, random: () => 0.5, baseMs: 100 },
    );
    expect(result).toBe("ok");
    expect(calls).toBe(3);
    expect(sleeps).toEqual([50, 100]);
  });

  it("honours retryAfterMs", async () => {
    const { sleeps, sleep } = recorder();
    let calls = 0;
    await withRetry(
      async () => {
        if (calls++ === 0) throw err("rate_limit", 1_000);
        return 1;
      },
      { sleep, random: () => 0 },
    );
    expect(sleeps).toEqual([1_000]);
  });

  it("gives up after maxRetries and rethrows the last error", async () => {
    const { sleeps, sleep } = recorder();
    let calls = 0;
    const p = withRetry(
      async () => {
        calls++;
        throw err("server");
      },
      { sleep, maxRetries: 2, random: () => 0 },
    );
    await expect(p).rejects.toMatchObject({ kind: "server" });
    expect(calls).toBe(3);
    expect(sleeps).toHaveLength(2);
  });

  it.each(["auth", "bad_request", "aborted"] as const)("does not retry %s", async (kind) => {
    const { sleeps, sleep } = recorder();
    let calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          throw err(kind);
        },
        { sleep },
      ),
    ).rejects.toMatchObject({ kind });
    expect(calls).toBe(1);
    expect(sleeps).toEqual([]);
  });

  it("does not retry non-LlmErrors (bugs)", async () => {
    let calls = 0;
    await expect(
      withRetry(async () => {
        calls++;
        throw new TypeError("boom");
      }),
    ).rejects.toBeInstanceOf(TypeError);
    expect(calls).toBe(1);
  });

  it("respects an explicit retryable: false", async () => {
    let calls = 0;
    await expect(
      withRetry(async () => {
        calls++;
        throw new LlmError({ kind: "server", message: "x", retryable: false });
      }),
    ).rejects.toMatchObject({ retryable: false });
    expect(calls).toBe(1);
  });

  it("stops when the signal aborts during backoff", async () => {
    const ctrl = new AbortController();
    let calls = 0;
    const p = withRetry(
      async () => {
        calls++;
        throw err("overloaded");
      },
      { signal: ctrl.signal, baseMs: 10_000, random: () => 0.5 },
    );
    setTimeout(() => ctrl.abort(), 10);
    await expect(p).rejects.toMatchObject({ kind: "aborted" });
    expect(calls).toBe(1);
  });

  it("reports each retry", async () => {
    const seen: string[] = [];
    let calls = 0;
    await withRetry(
      async () => {
        if (calls++ < 2) throw err(calls === 1 ? "rate_limit" : "network");
        return 0;
      },
      { sleep: async () => {}, onRetry: ({ attempt, error }) => seen.push(`${attempt}:${error.kind}`) },
    );
    expect(seen).toEqual(["0:rate_limit", "1:network"]);
  });
});
