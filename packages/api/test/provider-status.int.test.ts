import { describe, expect, it } from "vitest";
import { expectTrpcError, newTenant } from "./helpers";

// providers.status tells a page before Run whether a model has a key; it never returns the key.
describe("providers.status", () => {
  it("a stored Anthropic key makes a claude model ready, without returning the key", async () => {
    const t = await newTenant("provider-status");
    const projectId = t.project.id;
    await t.owner.caller.providers.set({ projectId, provider: "anthropic", apiKey: "sk-ant-status-12345678" });
    const claude = await t.owner.caller.providers.status({ projectId, model: "claude-sonnet-4-6" });
    expect(claude).toEqual({ provider: "anthropic", ready: true, source: "project" });
    expect(JSON.stringify(claude)).not.toContain("sk-ant");
  });

  it("a blank model is refused naming the field", async () => {
    const t = await newTenant("provider-status-blank");
    const err = await expectTrpcError(
      t.owner.caller.providers.status({ projectId: t.project.id, model: "  " }),
      "BAD_REQUEST",
    );
    expect(err.message).toMatch(/Model is required/);
  });
});
