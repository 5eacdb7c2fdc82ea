import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Yardstick, type TYardstickOptions } from "./index";
import type { YardstickError } from "./errors";
import { deadUrl, startFakeIngestion, type FakeIngestion } from "./testing/fake-ingestion";

let fake: FakeIngestion;
let clients: Yardstick[] = [];
let errors: YardstickError[] = [];

beforeEach(async () => {
  fake = await startFakeIngestion();
  errors = [];
});

afterEach(async () => {
  await Promise.all(clients.map((c) => c.shutdown()));
  clients = [];
  await fake.close();
  expect(fake.invalid).toEqual([]);
});

function client(opts: Partial<TYardstickOptions> = {}): Yardstick {
  const ys = new Yardstick({
    baseUrl: fake.url,
    apiKey: "ys_sk_test",
    flushAt: 1000,
    flushIntervalMs: 60_000,
    onError: (e) => errors.push(e),
    ...opts,
  });
  clients.push(ys);
  return ys;
}

const idsOf = (r: { batch: unknown[] }) => r.batch.map((e) => (e as { id: string }).id);

describe("batching", () => {
  it("sends as soon as flushAt events are queued", async () => {
    const ys = client({ flushAt: 3 });
    const t = ys.trace({ name: "a" });
    t.span({ name: "s" }).end();
    expect(fake.requests).toHaveLength(0);
    await fake.waitForRequests(1);
    expect(fake.requests[0]?.events.map((e) => e.type)).toEqual(["trace-create", "span-create", "span-update"]);
    expect(fake.requests[0]?.headers.authorization).toBe("Bearer ys_sk_test");
    expect(fake.requests[0]?.headers["content-type"]).toBe("application/json");
  });

  it("sends a partial batch after flushIntervalMs", async () => {
    const ys = client({ flushIntervalMs: 50 });
    const started = Date.now();
    ys.trace({ name: "lonely" });
    await fake.waitForRequests(1, 2000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(40);
    expect(fake.requests[0]?.events).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 120));
    expect(fake.requests).toHaveLength(1);
  });

  it("flush() resolves after delivery and counts what was sent", async () => {
    const ys = client();
    for (let i = 0; i < 7; i++) ys.trace({ name: `t${i}` });
    expect(ys.stats()).toMatchObject({ queued: 7, sent: 0 });
    await ys.flush();
    expect(fake.requests).toHaveLength(1);
    expect(fake.delivered()).toHaveLength(7);
    expect(ys.stats()).toEqual({ queued: 0, sent: 7, dropped: 0, failed: 0, retries: 0 });
    await ys.flush(); // nothing queued: resolves at once
    expect(fake.requests).toHaveLength(1);
  });
});

describe("contract", () => {
  it("sends every event type in the shape the shared zod schemas accept", async () => {
    const ys = client({ environment: "staging", release: "v1.2.3" });
    const trace = ys.trace({
      name: "chat",
      userId: "u1",
      sessionId: "s1",
      tags: ["beta"],
      metadata: { plan: "pro" },
      input: { q: "hi" },
    });
    const span = trace.span({ name: "retrieve", input: { query: "hi" } });
    const nested = span.span({ name: "rerank" });
    nested.end({ output: ["doc1"] });
    const gen = span.generation({
      name: "answer",
      model: "claude-test",
      modelParameters: { max_tokens: 100, stop_sequences: ["\n\n"] },
      input: [{ role: "user", content: "hi" }],
      startTime: new Date(Date.now() - 1000),
    });
    gen.end({
      output: { role: "assistant", content: "hello" },
      usage: { input: 10, output: 5, cacheRead: 100, cacheWrite: 20, total: 135 },
      cost: { total: 0.0012 },
      completionStartTime: new Date(),
    });
    span.event({ name: "cache-miss", level: "WARNING" });
    span.end({ output: { docs: 1 }, level: "DEFAULT", statusMessage: "ok" });
    span.score({ name: "relevance", value: 0.8 });
    trace.score({ name: "correct", value: true, comment: "checked" });
    trace.feedback({ thumbs: "up", comment: "nice" });
    trace.update({ output: { a: "hello" } });
    ys.score({ traceId: trace.id, name: "tone", value: "friendly" });
    ys.feedback({ traceId: trace.id, rating: 5 });
    await ys.flush();

    const events = fake.delivered();
    expect(errors).toEqual([]);
    expect(new Set(events.map((e) => e.type))).toEqual(
      new Set([
        "trace-create",
        "span-create",
        "span-update",
        "generation-create",
        "generation-update",
        "event-create",
        "score-create",
        "feedback-create",
      ]),
    );
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
    for (const e of events) {
      expect(e.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(Date.parse(e.timestamp)).not.toBeNaN();
      if (e.type !== "trace-create") expect(e.body).toMatchObject({ traceId: trace.id });
    }
    const byType = (t: string) => events.filter((e) => e.type === t).map((e) => e.body as Record<string, unknown>);
    expect(byType("trace-create")[0]).toMatchObject({
      id: trace.id,
      name: "chat",
      environment: "staging",
      release: "v1.2.3",
      tags: ["beta"],
    });
    expect(byType("span-create")).toEqual([
      expect.objectContaining({ id: span.id, name: "retrieve" }),
      expect.objectContaining({ id: nested.id, parentObservationId: span.id }),
    ]);
    expect(byType("span-create")[0]).not.toHaveProperty("parentObservationId");
    expect(byType("generation-create")[0]).toMatchObject({
      id: gen.id,
      parentObservationId: span.id,
      model: "claude-test",
    });
    expect(byType("generation-update")[0]).toMatchObject({
      id: gen.id,
      usage: { input: 10, output: 5, cacheRead: 100, cacheWrite: 20, total: 135 },
      cost: { total: 0.0012 },
    });
    expect(byType("generation-update")[0]?.endTime).toEqual(expect.any(String));
    expect(byType("score-create")).toEqual([
      expect.objectContaining({ name: "relevance", observationId: span.id }),
      expect.objectContaining({ name: "correct", value: true }),
      expect.objectContaining({ name: "tone", value: "friendly" }),
    ]);
    expect(byType("feedback-create")).toHaveLength(2);
  });

  it("feedback(traceId, {...}) sends thumbs, comment, tags and the observation", async () => {
    const ys = client();
    const id = ys.feedback("trace-9", {
      thumbs: "down",
      comment: "wrong answer",
      tags: ["Hallucination"],
      observationId: "gen-1",
    });
    await ys.flush();
    expect(fake.delivered()).toEqual([
      expect.objectContaining({
        type: "feedback-create",
        body: {
          id,
          traceId: "trace-9",
          thumbs: "down",
          comment: "wrong answer",
          tags: ["Hallucination"],
          observationId: "gen-1",
        },
      }),
    ]);
  });

  it("trace.end() sends the end marker (endTime, now unless given) with final fields", async () => {
    const ys = client();
    const t = ys.trace({ id: "trace-end" });
    t.end({ output: "done" });
    ys.trace({ id: "trace-end-2" }).end({ endTime: new Date("2026-01-02T03:04:05Z") });
    await ys.flush();
    const [, ended, , ended2] = fake.delivered();
    expect(ended).toMatchObject({ type: "trace-create", body: { id: "trace-end", output: "done" } });
    expect(Date.parse((ended!.body as { endTime: string }).endTime)).toBeGreaterThan(Date.now() - 60_000);
    expect(ended2!.body).toEqual({ id: "trace-end-2", endTime: "2026-01-02T03:04:05.000Z" });
  });

  it("takes the ids it is given", async () => {
    const ys = client();
    const t = ys.trace({ id: "trace-1" });
    const s = t.span({ id: "span-1" });
    expect([t.id, s.id]).toEqual(["trace-1", "span-1"]);
    await ys.flush();
    expect(fake.delivered().map((e) => (e.body as { id: string }).id)).toEqual(["trace-1", "span-1"]);
  });

  it("drops an invalid body with onError and sends the rest", async () => {
    const ys = client();
    const t = ys.trace({ name: "ok" });
    expect(() => t.score({ name: "", value: 1 })).not.toThrow();
    ys.feedback({ traceId: t.id }); // needs thumbs, rating or comment
    // @ts-expect-error a misspelt field is refused by the strict schema, not silently dropped
    t.span({ nmae: "typo" });
    t.generation({ usage: { input: -1 } });
    await ys.flush();
    expect(errors.map((e) => e.code)).toEqual(["invalid_event", "invalid_event", "invalid_event", "invalid_event"]);
    expect(errors[0]?.message).toMatch(/score-create dropped: body\.name/);
    expect(errors[2]?.message).toMatch(/nmae/);
    expect(fake.delivered().map((e) => e.type)).toEqual(["trace-create"]);
  });

  it("survives values JSON cannot encode", async () => {
    const ys = client();
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    ys.trace({ input: { cyclic, big: 10n } });
    await ys.flush();
    expect(fake.delivered()[0]?.body).toMatchObject({ input: { cyclic: { a: 1, self: "[Circular]" }, big: "10" } });
  });
});

describe("retries", () => {
  it("honours Retry-After on 429 and re-sends the same event ids", async () => {
    fake.enqueue({ kind: "status", status: 429, headers: { "retry-after": "1" }, body: '{"error":"slow down"}' });
    const ys = client();
    ys.trace({ name: "a" }).span({ name: "b" });
    const started = Date.now();
    await ys.flush();
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(fake.requests.map((r) => r.reply)).toEqual([429, "207"]);
    const [first, second] = fake.requests;
    expect(idsOf(second!)).toEqual(idsOf(first!));
    expect(ys.stats()).toMatchObject({ sent: 2, failed: 0, retries: 1 });
  });

  it("retries a 503, a 500 and a dropped connection, then delivers", async () => {
    fake.enqueue(
      { kind: "status", status: 503, headers: { "retry-after": "0" } },
      { kind: "close" },
      { kind: "status", status: 500 },
    );
    const ys = client({ flushAt: 2 });
    ys.trace({ name: "a" });
    ys.trace({ name: "b" });
    await ys.flush();
    expect(fake.requests.map((r) => r.reply)).toEqual([503, "close", 500, "207"]);
    expect(new Set(fake.requests.map((r) => idsOf(r).join()))).toHaveProperty("size", 1);
    expect(ys.stats()).toMatchObject({ sent: 2, failed: 0, retries: 3 });
    expect(errors).toEqual([]);
  });

  it("does not retry a whole-request 400 (or 401/403)", async () => {
    fake.enqueue({ kind: "status", status: 400, body: '{"error":"batch must hold at least one event"}' });
    fake.enqueue({ kind: "status", status: 401 });
    const ys = client();
    ys.trace({ name: "a" });
    await ys.flush();
    ys.trace({ name: "b" });
    await ys.flush();
    expect(fake.requests.map((r) => r.reply)).toEqual([400, 401]);
    expect(ys.stats()).toMatchObject({ sent: 0, failed: 2, retries: 0 });
    expect(errors.map((e) => [e.code, e.status])).toEqual([
      ["request_failed", 400],
      ["request_failed", 401],
    ]);
  });

  it("reports per-event 4xx errors of a 207 as final", async () => {
    const ys = client();
    const t = ys.trace({ name: "a" });
    t.event({ name: "e" });
    fake.setHandler(({ batch }) => ({
      kind: "207",
      eventErrors: { [idsOf({ batch })[1]!]: { status: 409, message: "conflict" } },
    }));
    await ys.flush();
    expect(fake.requests).toHaveLength(1);
    expect(ys.stats()).toMatchObject({ sent: 1, failed: 1, retries: 0 });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: "event_rejected", status: 409 });
    expect(errors[0]?.message).toContain("conflict");
  });

  it("splits a batch in halves on 413, and drops a single event that is too large", async () => {
    fake.setHandler(({ batch }) =>
      batch.length > 2 || batch.some((e) => JSON.stringify(e).includes("HUGE"))
        ? { kind: "status", status: 413 }
        : undefined,
    );
    const ys = client();
    for (let i = 0; i < 4; i++) ys.trace({ name: `t${i}` });
    ys.trace({ name: "HUGE" });
    await ys.flush();
    // [5] → 413 → [3] → 413 → [2] ok + [1] ok; [2 with HUGE] → 413 → [1] ok + [HUGE] 413 → dropped
    expect(fake.requests.map((r) => r.batch.length)).toEqual([5, 3, 2, 1, 2, 1, 1]);
    expect(ys.stats()).toMatchObject({ sent: 4, failed: 1, retries: 0 });
    expect(errors.map((e) => e.code)).toEqual(["event_too_large"]);
    expect(fake.delivered().map((e) => (e.body as { name: string }).name)).toEqual(["t0", "t1", "t2", "t3"]);
  });

  it("never throws when the server is down: flush resolves, events count as failed", async () => {
    const ys = client({ baseUrl: await deadUrl(), maxRetries: 2 });
    expect(() => ys.trace({ name: "a" }).generation({ name: "g" }).end()).not.toThrow();
    await expect(ys.flush()).resolves.toBeUndefined();
    expect(ys.stats()).toMatchObject({ queued: 0, sent: 0, failed: 3, retries: 2 });
    expect(errors.map((e) => e.code)).toEqual(["request_failed"]);
    expect(errors[0]?.message).toMatch(/gave up after 3 attempts/);
    expect(errors[0]?.eventIds).toHaveLength(3);
  });

  it("times out a hung request and retries it", async () => {
    let calls = 0;
    const hanging: typeof fetch = async (input, init) => {
      calls += 1;
      if (calls === 1) {
        return new Promise<Response>((_, reject) =>
          init?.signal?.addEventListener("abort", () => reject(init.signal?.reason)),
        );
      }
      return fetch(input, init);
    };
    const ys = client({ fetch: hanging, timeoutMs: 100 });
    ys.trace({ name: "a" });
    await ys.flush();
    expect(calls).toBe(2);
    expect(ys.stats()).toMatchObject({ sent: 1, retries: 1 });
  });
});

describe("queue", () => {
  it("drops the oldest events when full, and counts them", async () => {
    const ys = client({ maxQueueSize: 5 });
    for (let i = 1; i <= 8; i++) ys.trace({ name: `t${i}` });
    expect(ys.stats()).toMatchObject({ queued: 5, dropped: 3 });
    await ys.flush();
    expect(fake.delivered().map((e) => (e.body as { name: string }).name)).toEqual(["t4", "t5", "t6", "t7", "t8"]);
    expect(ys.stats()).toEqual({ queued: 0, sent: 5, dropped: 3, failed: 0, retries: 0 });
    expect(errors.map((e) => e.code)).toEqual(["queue_overflow"]);
    expect(errors[0]?.message).toContain("dropped the 3 oldest");
  });

  it("keeps sending while one request is in flight", async () => {
    fake.enqueue({ kind: "status", status: 503, headers: { "retry-after": "0" } });
    const ys = client({ flushAt: 2 });
    for (let i = 0; i < 5; i++) ys.trace({ name: `t${i}` });
    await ys.flush();
    expect(fake.delivered()).toHaveLength(5);
    expect(ys.stats()).toMatchObject({ queued: 0, sent: 5 });
  });
});

describe("lifecycle", () => {
  it("shutdown() flushes, stops the timer, and makes later calls no-ops", async () => {
    const ys = client({ flushIntervalMs: 10_000 });
    ys.trace({ name: "last" });
    expect((ys as unknown as { timer: unknown }).timer).toBeDefined();
    const p = ys.shutdown();
    expect(ys.shutdown()).toBe(p);
    await p;
    expect((ys as unknown as { timer: unknown }).timer).toBeUndefined();
    expect(fake.delivered()).toHaveLength(1);
    const t = ys.trace({ name: "after" });
    t.span({ name: "x" }).end();
    expect(t.id).toEqual(expect.any(String));
    expect(ys.stats().queued).toBe(0);
    await ys.flush();
    expect(fake.requests).toHaveLength(1);
  });

  it("becomes a no-op on invalid options instead of throwing", async () => {
    const ys = new Yardstick({ baseUrl: "not a url", apiKey: "", flushAt: 0, onError: (e) => errors.push(e) });
    expect(errors.map((e) => e.code)).toEqual(["invalid_config"]);
    expect(errors[0]?.message).toMatch(/baseUrl/);
    ys.trace({ name: "x" }).generation({}).end();
    await ys.flush();
    await ys.shutdown();
    expect(ys.stats()).toEqual({ queued: 0, sent: 0, dropped: 0, failed: 0, retries: 0 });
  });

  it("is not broken by an onError that throws", async () => {
    const ys = client({
      onError: () => {
        throw new Error("host bug");
      },
    });
    expect(() => ys.trace({ tags: [""] })).not.toThrow();
    await ys.flush();
  });

  async function runChild(registerExitHandlers: boolean): Promise<{ code: number | null; ms: number }> {
    const dir = mkdtempSync(join(tmpdir(), "ys-sdk-"));
    const script = join(dir, "exit.ts");
    const index = pathToFileURL(fileURLToPath(new URL("./index.ts", import.meta.url))).href;
    writeFileSync(
      script,
      `import { Yardstick } from ${JSON.stringify(index)};
       const ys = new Yardstick({ baseUrl: ${JSON.stringify(fake.url)}, apiKey: "k", flushIntervalMs: 60000, flushAt: 1000, registerExitHandlers: ${registerExitHandlers} });
       ys.trace({ name: "pending" });`,
    );
    const tsx = fileURLToPath(new URL("../../../node_modules/.bin/tsx", import.meta.url));
    const started = Date.now();
    const code = await new Promise<number | null>((resolve) => {
      const child = spawn(tsx, [script], { stdio: "ignore" });
      const kill = setTimeout(() => child.kill("SIGKILL"), 15_000);
      child.on("exit", (c) => {
        clearTimeout(kill);
        resolve(c);
      });
    });
    rmSync(dir, { recursive: true, force: true });
    return { code, ms: Date.now() - started };
  }

  it("does not keep a Node process alive, and flushes on beforeExit when asked to", async () => {
    // A 60 s flush interval: the process exits long before it only if the timer is unref'd.
    expect(await runChild(false)).toMatchObject({ code: 0, ms: expect.any(Number) });
    expect(fake.requests).toHaveLength(0);
    const withHandlers = await runChild(true);
    expect(withHandlers.code).toBe(0);
    expect(withHandlers.ms).toBeLessThan(15_000);
    expect(fake.delivered().map((e) => (e.body as { name: string }).name)).toEqual(["pending"]);
  }, 30_000);
});
