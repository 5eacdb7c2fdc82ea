import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MissingVariablesError, Yardstick, YardstickPromptError, type TYardstickOptions } from "./index";
import type { YardstickError } from "./errors";

// A stand-in for GET /api/public/prompts/{name}: versions by label, ETag + 304, switchable outage.
type TFake = {
  url: string;
  requests: { path: string; headers: IncomingHttpHeaders }[];
  version: number;
  down: boolean;
  close(): Promise<void>;
};

async function startFakePrompts(): Promise<TFake> {
  const state = { requests: [] as TFake["requests"], version: 1, down: false };
  const server: Server = createServer((req, res) => {
    state.requests.push({ path: req.url ?? "", headers: req.headers });
    if (state.down) return void res.writeHead(503, { "content-type": "application/json" }).end('{"error":"down"}');
    const url = new URL(req.url ?? "", "http://x");
    const name = decodeURIComponent(url.pathname.split("/").pop() ?? "");
    if (name !== "greeter" || (url.searchParams.get("label") ?? "production") !== "production") {
      return void res.writeHead(404, { "content-type": "application/json" }).end('{"error":"not found"}');
    }
    const etag = `"v${state.version}"`;
    if (req.headers["if-none-match"] === etag) return void res.writeHead(304, { etag }).end();
    res.writeHead(200, { "content-type": "application/json", etag });
    res.end(
      JSON.stringify({
        name,
        version: state.version,
        labels: ["production"],
        system: "You are {{persona}}.",
        messages: [{ role: "user", content: `v${state.version}: {{question}}` }],
        model: "claude-haiku-4-5",
        params: { maxTokens: 100 },
        tools: null,
        variables: ["persona", "question"],
      }),
    );
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  }) as TFake;
}

let fake: TFake;
let errors: YardstickError[];
beforeEach(async () => {
  fake = await startFakePrompts();
  errors = [];
});
afterEach(() => fake.close());

function client(opts: Partial<TYardstickOptions> = {}) {
  return new Yardstick({
    baseUrl: fake.url,
    apiKey: "ys_read",
    timeoutMs: 2000,
    onError: (e) => errors.push(e),
    ...opts,
  });
}
const until = async (cond: () => boolean) => {
  for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 5));
};

describe("getPrompt", () => {
  it("fetches once, then serves from memory while fresh; compile renders with variables", async () => {
    const ys = client();
    const p = await ys.getPrompt("greeter");
    expect(p).toMatchObject({ name: "greeter", version: 1, source: "server", variables: ["persona", "question"] });
    expect(fake.requests[0]!.path).toBe("/api/public/prompts/greeter?label=production");
    expect(fake.requests[0]!.headers.authorization).toBe("Bearer ys_read");
    const again = await ys.getPrompt("greeter", { label: "production" });
    expect(again.source).toBe("cache");
    expect(fake.requests).toHaveLength(1);
    expect(p.compile({ persona: "kind", question: "hi?" })).toEqual({
      system: "You are kind.",
      messages: [{ role: "user", content: "v1: hi?" }],
    });
    expect(() => p.compile({ persona: "kind" })).toThrow(MissingVariablesError);
  });

  it("serves a stale copy at once and revalidates in the background (304, then a new version)", async () => {
    const ys = client();
    await ys.getPrompt("greeter", { cacheTtlMs: 10 });
    await new Promise((r) => setTimeout(r, 20));
    const stale = await ys.getPrompt("greeter", { cacheTtlMs: 10 });
    expect(stale.source).toBe("stale");
    await until(() => fake.requests.length === 2);
    expect(fake.requests[1]!.headers["if-none-match"]).toBe('"v1"');
    await new Promise((r) => setTimeout(r, 5));
    expect((await ys.getPrompt("greeter", { cacheTtlMs: 10_000 })).source).toBe("cache");

    fake.version = 2;
    await new Promise((r) => setTimeout(r, 20));
    expect((await ys.getPrompt("greeter", { cacheTtlMs: 10 })).version).toBe(1); // stale, refreshing
    await until(() => fake.requests.length === 3);
    await new Promise((r) => setTimeout(r, 10));
    const fresh = await ys.getPrompt("greeter", { cacheTtlMs: 10_000 });
    expect(fresh).toMatchObject({ version: 2, source: "cache" });
  });

  it("an outage with a cached copy serves the copy and reports the failure", async () => {
    const ys = client();
    await ys.getPrompt("greeter", { cacheTtlMs: 5 });
    fake.down = true;
    await new Promise((r) => setTimeout(r, 10));
    expect((await ys.getPrompt("greeter", { cacheTtlMs: 5 })).source).toBe("stale");
    await until(() => errors.length > 0);
    expect(errors[0]).toBeInstanceOf(YardstickPromptError);
    expect(errors[0]).toMatchObject({ reason: "unavailable", status: 503 });
  });

  it("an outage without a copy uses the fallback, else rejects with a typed error", async () => {
    fake.down = true;
    const ys = client();
    const fb = await ys.getPrompt("greeter", {
      fallback: { system: "Be {{persona}}.", messages: [{ role: "user", content: "{{question}}" }] },
    });
    expect(fb).toMatchObject({ source: "fallback", version: 0, name: "greeter" });
    expect(fb.compile({ persona: "calm", question: "q" }).system).toBe("Be calm.");
    expect(errors).toHaveLength(1);
    await expect(ys.getPrompt("greeter")).rejects.toMatchObject({ reason: "unavailable", status: 503 });
    await fake.close();
    const dead = client({ timeoutMs: 500 });
    await expect(dead.getPrompt("greeter")).rejects.toBeInstanceOf(YardstickPromptError);
    fake = await startFakePrompts(); // for afterEach
  });

  it("unknown prompts and bad options reject with a reason; a disabled client returns the fallback", async () => {
    const ys = client();
    await expect(ys.getPrompt("nope")).rejects.toMatchObject({ reason: "not_found", status: 404 });
    await expect(ys.getPrompt("greeter", { label: "staging", version: 2 })).rejects.toMatchObject({
      reason: "bad_request",
    });
    const off = client({ enabled: false });
    const fb = await off.getPrompt("greeter", { fallback: { messages: [{ role: "user", content: "hi" }] } });
    expect(fb.source).toBe("fallback");
    await expect(off.getPrompt("greeter")).rejects.toMatchObject({ reason: "disabled" });
    expect(fake.requests.filter((r) => r.path.includes("greeter?label=staging"))).toHaveLength(0);
  });

  it("concurrent first calls share one request", async () => {
    const ys = client();
    const all = await Promise.all([ys.getPrompt("greeter"), ys.getPrompt("greeter"), ys.getPrompt("greeter")]);
    expect(all.map((p) => p.version)).toEqual([1, 1, 1]);
    expect(fake.requests).toHaveLength(1);
  });
});
