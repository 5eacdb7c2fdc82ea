import { afterEach, describe, expect, it } from "vitest";
import { resetServerEnv } from "@yardstick/server";
import { expectTrpcError, newTenant } from "./helpers";

// YARDSTICK_ALLOW_PRIVATE_PROVIDER_URLS=false: a provider base URL may not reach the server's own
// network (SSRF); the refusal names the field and stores nothing. On by default (local models).
describe("provider base URLs", () => {
  afterEach(() => {
    delete process.env.YARDSTICK_ALLOW_PRIVATE_PROVIDER_URLS;
    resetServerEnv();
  });

  it("by default a private base URL is accepted (self-hosting with local models)", async () => {
    const t = await newTenant("provider-url-default");
    await t.owner.caller.providers.set({
      projectId: t.project.id,
      provider: "openai-compatible",
      apiKey: "sk-local-12345678",
      baseUrl: "http://127.0.0.1:11434/v1",
    });
    expect((await t.owner.caller.providers.list({ projectId: t.project.id })).map((p) => p.baseUrl)).toEqual([
      "http://127.0.0.1:11434/v1",
    ]);
  });

  it("with the option off, loopback/private/metadata URLs are refused naming baseUrl, and nothing is stored", async () => {
    process.env.YARDSTICK_ALLOW_PRIVATE_PROVIDER_URLS = "false";
    resetServerEnv();
    const t = await newTenant("provider-url-off");
    for (const baseUrl of [
      "http://127.0.0.1:11434/v1",
      "http://169.254.169.254/v1",
      "http://localhost:8000",
      "http://[::1]/v1",
    ]) {
      const err = await expectTrpcError(
        t.owner.caller.providers.set({
          projectId: t.project.id,
          provider: "openai-compatible",
          apiKey: "sk-local-12345678",
          baseUrl,
        }),
        "BAD_REQUEST",
      );
      expect(err.message).toMatch(/private|localhost/);
      expect((err.cause as { field?: string }).field).toBe("baseUrl");
    }
    expect(await t.owner.caller.providers.list({ projectId: t.project.id })).toEqual([]);
  });
});
