import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { getDb } from "@yardstick/db";
import { authenticateApiKey } from "@yardstick/server/services/api-keys";
import { DEMO_EMAIL, seedDemo } from "@yardstick/server/services/seed";
import { defineRoute, routeHandler } from "../src/index";
import { expectTrpcError, newTenant } from "./helpers";

describe("API keys", () => {
  it("the secret is shown once and stored only as HMAC-SHA256 under the server secret", async () => {
    const { owner, project } = await newTenant("keys");
    const { key, secret } = await owner.caller.apiKeys.create({
      projectId: project.id,
      name: "CI",
      scopes: ["ingest", "read"],
    });
    expect(secret).toMatch(/^ys_[A-Za-z0-9_-]{43}$/); // 256 random bits
    expect(key.prefix).toBe(secret.slice(0, 11));
    expect(key.lastFour).toBe(secret.slice(-4));
    const [row] = await getDb().$queryRaw<Array<Record<string, unknown>>>`SELECT * FROM "ApiKey" WHERE id = ${key.id}`;
    const expected = createHmac("sha256", process.env.YARDSTICK_SECRET!).update(secret).digest("hex");
    expect(row!.hash).toBe(expected);
    expect(JSON.stringify(row)).not.toContain(secret.slice(11, -4));
    const listed = await owner.caller.apiKeys.list({ projectId: project.id });
    expect(listed).toHaveLength(1);
    expect(JSON.stringify(listed)).not.toContain(expected);
    expect(Object.keys(listed[0]!)).not.toContain("hash");
  });

  it("validates name and scopes and writes nothing on bad input", async () => {
    const { owner, project } = await newTenant("keys-bad");
    await expectTrpcError(
      owner.caller.apiKeys.create({ projectId: project.id, name: "", scopes: ["read"] }),
      "BAD_REQUEST",
    );
    await expectTrpcError(owner.caller.apiKeys.create({ projectId: project.id, name: "k", scopes: [] }), "BAD_REQUEST");
    await expectTrpcError(
      owner.caller.apiKeys.create({ projectId: project.id, name: "k", scopes: ["admin" as "read"] }),
      "BAD_REQUEST",
    );
    expect(await owner.caller.apiKeys.list({ projectId: project.id })).toEqual([]);
  });

  it("authenticates Bearer secrets: 401 missing/unknown/revoked, 403 without the scope", async () => {
    const { owner, project } = await newTenant("keys-auth");
    const { key, secret } = await owner.caller.apiKeys.create({
      projectId: project.id,
      name: "fb",
      scopes: ["feedback"],
    });
    expect(await authenticateApiKey(null, "feedback")).toMatchObject({ ok: false, status: 401 });
    expect(await authenticateApiKey("Basic abc", "feedback")).toMatchObject({ ok: false, status: 401 });
    expect(await authenticateApiKey(`Bearer ${secret}x`, "feedback")).toMatchObject({ ok: false, status: 401 });
    expect(await authenticateApiKey(`Bearer ${secret}`, "ingest")).toMatchObject({ ok: false, status: 403 });
    expect(await authenticateApiKey(`Bearer ${secret}`, "feedback")).toEqual({
      ok: true,
      key: { id: key.id, projectId: project.id, scopes: ["feedback"] },
    });
    const [used] = await owner.caller.apiKeys.list({ projectId: project.id });
    expect(used!.lastUsedAt).toBeInstanceOf(Date);
    await owner.caller.apiKeys.revoke({ projectId: project.id, apiKeyId: key.id });
    expect(await authenticateApiKey(`Bearer ${secret}`, "feedback")).toEqual({
      ok: false,
      status: 401,
      error: "This API key has been revoked",
    });
    await expectTrpcError(owner.caller.apiKeys.revoke({ projectId: project.id, apiKeyId: key.id }), "NOT_FOUND");
  });

  it("a public route answers JSON errors and only calls the handler for a valid key", async () => {
    const { owner, project } = await newTenant("keys-route");
    const { secret } = await owner.caller.apiKeys.create({ projectId: project.id, name: "r", scopes: ["read"] });
    let calls = 0;
    const def = (scopes: Array<"read" | "ingest">) =>
      defineRoute({
        method: "GET",
        path: "/api/public/x",
        summary: "x",
        scopes,
        response: { status: 200, description: "x" },
        handler: async ({ key: k }) => {
          calls++;
          return { body: { projectId: k.projectId } };
        },
      });
    const route = routeHandler(def(["read"]));
    const req = (auth?: string) =>
      new Request("http://localhost/api/public/x", { headers: auth ? { authorization: auth } : {} });
    const missing = await route(req());
    expect(missing.status).toBe(401);
    expect(missing.headers.get("access-control-allow-origin")).toBeNull(); // CORS is for feedback routes only
    expect(missing.headers.get("content-type")).toContain("application/json");
    expect(await missing.json()).toHaveProperty("error");
    const ok = await route(req(`Bearer ${secret}`));
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ projectId: project.id });
    expect(calls).toBe(1);
    const wrongScope = routeHandler(def(["ingest"]));
    expect((await wrongScope(req(`Bearer ${secret}`))).status).toBe(403);
  });
});

describe("demo seed", () => {
  it("creates the demo user, org and project once; the demo key authenticates with ingest+read", async () => {
    const secret = "ys_demo_key_for_tests_0123456789abcdef";
    const first = await seedDemo({ demoApiKey: secret });
    const second = await seedDemo({ demoApiKey: secret });
    expect(second.created).toBe(false);
    expect(second.projectId).toBe(first.projectId);
    const users = await getDb().$queryRaw<
      Array<{ n: bigint }>
    >`SELECT count(*)::bigint AS n FROM "User" WHERE email = ${DEMO_EMAIL}`;
    expect(Number(users[0]!.n)).toBe(1);
    const keys = await getDb().$queryRaw<
      Array<{ n: bigint }>
    >`SELECT count(*)::bigint AS n FROM "ApiKey" WHERE "projectId" = ${first.projectId}`;
    expect(Number(keys[0]!.n)).toBe(1);
    const auth = await authenticateApiKey(`Bearer ${secret}`, "ingest");
    expect(auth).toMatchObject({ ok: true, key: { projectId: first.projectId, scopes: ["ingest", "read"] } });
    expect(await authenticateApiKey(`Bearer ${secret}`, "feedback")).toMatchObject({ ok: false, status: 403 });
  });
});
