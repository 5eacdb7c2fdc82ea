import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Yardstick } from "@yardstick/sdk";
import { publicRoutes, routeHandler } from "../src/index";
import { serveRoutes } from "./http-server";
import { newTenant } from "./helpers";

// The route file apps/web/src/app/api/public/prompts/[name]/route.ts, served over real HTTP.
const promptRoute = (name: string) => (req: Request) =>
  routeHandler(publicRoutes.getPromptRoute)(req, { params: Promise.resolve({ name }) });

describe("GET /api/public/prompts/{name}", () => {
  let t: Awaited<ReturnType<typeof newTenant>>;
  let server: Awaited<ReturnType<typeof serveRoutes>>;
  let readKey: string;
  let ingestKey: string;
  let promptId: string;
  beforeAll(async () => {
    t = await newTenant("public-prompts");
    const c = t.owner.caller;
    const projectId = t.project.id;
    readKey = (await c.apiKeys.create({ projectId, name: "read", scopes: ["read"] })).secret;
    ingestKey = (await c.apiKeys.create({ projectId, name: "ingest", scopes: ["ingest"] })).secret;
    const base = {
      system: "You are {{persona}}.",
      messages: [{ role: "user" as const, content: "{{question}}" }],
      model: "claude-haiku-4-5",
      params: { maxTokens: 64, stop: ["\n\n"] },
    };
    const v1 = await c.prompts.createVersion({ projectId, name: "greeter", ...base, commitMessage: "v1" });
    promptId = v1.prompt.id;
    await c.prompts.createVersion({
      projectId,
      name: "greeter",
      ...base,
      system: "You are {{persona}}, v2.",
      commitMessage: "v2",
    });
    await c.prompts.setLabel({ projectId, promptId, label: "production", version: 1 });
    await c.prompts.setLabel({ projectId, promptId, label: "staging", version: 2 });
    server = await serveRoutes({
      "/api/public/prompts/greeter": promptRoute("greeter"),
      "/api/public/prompts/nope": promptRoute("nope"),
    });
  });
  afterAll(() => server.close());

  const get = (path: string, headers: Record<string, string> = {}, key: string | null = readKey) =>
    fetch(`${server.url}${path}`, { headers: { ...(key && { authorization: `Bearer ${key}` }), ...headers } });

  it("answers the production version by default with ETag and cache headers", async () => {
    const res = await get("/api/public/prompts/greeter");
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("private, max-age=30, stale-while-revalidate=300");
    expect(res.headers.get("etag")).toMatch(/^"[A-Za-z0-9_-]+"$/);
    expect(res.headers.get("access-control-allow-origin")).toBeNull(); // a read key stays on servers
    expect(await res.json()).toEqual({
      name: "greeter",
      version: 1,
      labels: ["production"],
      system: "You are {{persona}}.",
      messages: [{ role: "user", content: "{{question}}" }],
      model: "claude-haiku-4-5",
      params: { maxTokens: 64, stop: ["\n\n"] },
      tools: null,
      variables: ["persona", "question"],
    });
    const staging = await (await get("/api/public/prompts/greeter?label=staging")).json();
    expect(staging).toMatchObject({ version: 2, labels: ["staging"] });
    expect(await (await get("/api/public/prompts/greeter?label=latest")).json()).toMatchObject({ version: 2 });
    const v2 = await get("/api/public/prompts/greeter?version=2");
    expect((await v2.json()).version).toBe(2);
    expect(v2.headers.get("etag")).not.toBe(res.headers.get("etag"));
  });

  it("If-None-Match answers 304 until a label moves", async () => {
    const first = await get("/api/public/prompts/greeter?label=production");
    const etag = first.headers.get("etag")!;
    const again = await get("/api/public/prompts/greeter?label=production", { "if-none-match": etag });
    expect(again.status).toBe(304);
    expect(again.headers.get("etag")).toBe(etag);
    expect(await again.text()).toBe("");
    expect((await get("/api/public/prompts/greeter", { "if-none-match": `W/${etag}` })).status).toBe(304);
    expect((await get("/api/public/prompts/greeter", { "if-none-match": '"other"' })).status).toBe(200);

    await t.owner.caller.prompts.setLabel({ projectId: t.project.id, promptId, label: "production", version: 2 });
    const moved = await get("/api/public/prompts/greeter", { "if-none-match": etag });
    expect(moved.status).toBe(200);
    expect(await moved.json()).toMatchObject({ version: 2, labels: ["production", "staging"] });
    await t.owner.caller.prompts.setLabel({ projectId: t.project.id, promptId, label: "production", version: 1 });
  });

  it("404 for unknown names, labels and versions; 400 for bad queries", async () => {
    for (const path of [
      "/api/public/prompts/nope",
      "/api/public/prompts/greeter?label=canary",
      "/api/public/prompts/greeter?version=9",
    ]) {
      const res = await get(path);
      expect(res.status, path).toBe(404);
      expect((await res.json()).error).toBeTruthy();
    }
    for (const path of [
      "/api/public/prompts/greeter?label=production&version=1",
      "/api/public/prompts/greeter?version=0",
      "/api/public/prompts/greeter?version=abc",
      "/api/public/prompts/greeter?lable=production",
    ]) {
      expect((await get(path)).status, path).toBe(400);
    }
  });

  it("needs a read-scoped key of the prompt's project", async () => {
    expect((await get("/api/public/prompts/greeter", {}, null)).status).toBe(401);
    expect((await get("/api/public/prompts/greeter", {}, ingestKey)).status).toBe(403);
    const other = await newTenant("public-prompts-other");
    const otherKey = (
      await other.owner.caller.apiKeys.create({ projectId: other.project.id, name: "r", scopes: ["read"] })
    ).secret;
    expect((await get("/api/public/prompts/greeter", {}, otherKey)).status).toBe(404);
  });

  it("the SDK's getPrompt reads it, caches it and compiles it", async () => {
    const ys = new Yardstick({ baseUrl: server.url, apiKey: readKey });
    const p = await ys.getPrompt("greeter");
    expect(p).toMatchObject({ version: 1, source: "server", model: "claude-haiku-4-5" });
    expect((await ys.getPrompt("greeter")).source).toBe("cache");
    expect(p.compile({ persona: "brief", question: "hi" })).toEqual({
      system: "You are brief.",
      messages: [{ role: "user", content: "hi" }],
    });
    expect((await ys.getPrompt("greeter", { version: 2 })).version).toBe(2);
    await expect(ys.getPrompt("nope")).rejects.toMatchObject({ reason: "not_found" });
    await ys.shutdown();
  });
});
