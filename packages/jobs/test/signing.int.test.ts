import { randomBytes } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { hashSigningKey, signBody } from "../src/embedded";
import { startHarness, type THarness } from "./harness";

let h: THarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const otherKey = () => `signkey-test-${randomBytes(32).toString("hex")}`;

describe("embedded executor: the protocol's security is real", () => {
  let ran = 0;
  const define: Parameters<typeof startHarness>[0] = (client) => [
    client.createFunction({ id: "guarded", triggers: [{ event: "test/guarded" }] }, async ({ step }) =>
      step.run("effect", () => ++ran),
    ),
  ];
  const callBody = (runId: string) => ({
    event: { id: "e1", name: "test/guarded", data: {}, ts: Date.now() },
    events: [{ id: "e1", name: "test/guarded", data: {}, ts: Date.now() }],
    steps: {},
    ctx: {
      run_id: runId,
      attempt: 0,
      disable_immediate_execution: false,
      use_api: false,
      stack: { stack: [], current: 0 },
    },
    version: 2,
  });

  it("the SDK runs a call signed by the executor, and refuses a wrong key, a stale time or no signature", async () => {
    h = await startHarness(define);
    const url = `${h.appUrl}?fnId=${h.appId}-guarded&stepId=step`;
    const post = (body: object, signature?: string) =>
      fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", ...(signature ? { "x-inngest-signature": signature } : {}) },
        body: JSON.stringify(body),
      });
    ran = 0;
    const b = callBody("run-1");
    expect((await post(b, signBody(b, otherKey()))).status).toBe(401);
    expect((await post(b, signBody(b, h.signingKey, Date.now() - 6 * 60_000))).status).toBe(401);
    expect((await post(b, undefined)).status).toBe(401);
    expect(ran).toBe(0);
    const ok = await post(b, signBody(b, h.signingKey));
    expect(ok.status).toBe(206);
    expect(await ok.json()).toEqual([expect.objectContaining({ op: "StepRun", data: 1 })]);
    expect(ran).toBe(1);
  });

  it("a run signed with the wrong key never executes and fails after its retries", async () => {
    h = await startHarness(define);
    ran = 0;
    // Same executor, but now signing with a key the app does not hold.
    (h.executor as unknown as { opts: { signingKey: string } }).opts.signingKey = otherKey();
    const sent = await h.sendOne("test/guarded");
    for (let i = 0; i < 6; i++) await h.advance(15 * 60_000);
    expect(ran).toBe(0);
    expect(await sent.run()).toMatchObject({ status: "failed", failures: 5, error: { message: "Unauthorized" } });
  });

  it("refuses a sync without the signing key's hash and events without the event key", async () => {
    h = await startHarness(define);
    const register = (auth: string) =>
      fetch(`${h!.executor.url}/fn/register`, {
        method: "POST",
        headers: { authorization: auth },
        body: JSON.stringify({ url: h!.appUrl, appName: "x", functions: [] }),
      });
    expect((await register(`Bearer ${hashSigningKey(otherKey())}`)).status).toBe(401);
    expect((await register(`Bearer ${h.signingKey}`)).status).toBe(401); // the raw key is never sent
    const bad = await fetch(`${h.executor.url}/e/wrong-key`, {
      method: "POST",
      body: JSON.stringify([{ name: "test/guarded" }]),
    });
    expect(bad.status).toBe(401);
    const noName = await fetch(`${h.executor.url}/e/${h.eventKey}`, {
      method: "POST",
      body: JSON.stringify([{ data: {} }]),
    });
    expect(noName.status).toBe(400);
    expect((await noName.json()).error).toMatch(/^0\.name/);
  });

  it("the SDK never asks for what the executor does not implement (checkpointing stays off)", async () => {
    h = await startHarness((client) => [
      client.createFunction({ id: "many-steps", triggers: [{ event: "test/many" }] }, async ({ step }) => {
        let n = 0;
        for (let i = 0; i < 5; i++) n = await step.run(`s${i}`, () => n + 1);
        await step.sleep("short", "1s");
        return n;
      }),
    ]);
    const sent = await h.sendOne("test/many");
    await h.executor.drain();
    await h.advance(1_000);
    expect(await sent.run()).toMatchObject({ status: "completed", output: 5 });
    expect(h.executor.unhandledRequests).toEqual([]);
  });
});
