import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@yardstick/db";
import { resetProviderCache } from "@yardstick/llm";
import { startFakeAnthropic, type FakeAnthropic } from "@yardstick/llm/testing";
import { addMember, expectTrpcError, newTenant } from "./helpers";

type Tenant = Awaited<ReturnType<typeof newTenant>>;

const V1 = {
  system: "You are {{persona}}.",
  messages: [{ role: "user" as const, content: "Answer: {{question}}" }],
  model: "claude-haiku-4-5",
  params: { maxTokens: 200 },
  commitMessage: "first",
};

describe("prompts", () => {
  let t: Tenant;
  let projectId: string;
  beforeAll(async () => {
    t = await newTenant("prompts");
    projectId = t.project.id;
  });

  const name = () => `support.${randomUUID().slice(0, 8)}`;

  it("versions increment, are immutable, carry author, message and variables", async () => {
    const n = name();
    const c = t.owner.caller;
    const v1 = await c.prompts.createVersion({ projectId, name: n, ...V1 });
    expect(v1.version).toMatchObject({
      version: 1,
      variables: ["persona", "question"],
      commitMessage: "first",
      createdBy: { id: t.owner.id },
    });
    const v2 = await c.prompts.createVersion({
      projectId,
      name: n,
      ...V1,
      messages: [{ role: "user", content: "Answer in {{lang}}: {{question}}" }],
      commitMessage: "add language",
    });
    expect(v2.version.version).toBe(2);
    expect(v2.prompt.id).toBe(v1.prompt.id);
    const got = await c.prompts.get({ projectId, promptId: v1.prompt.id });
    expect(got.versions.map((v) => [v.version, v.variables])).toEqual([
      [2, ["persona", "lang", "question"]],
      [1, ["persona", "question"]],
    ]);
    const list = await c.prompts.list({ projectId });
    expect(list.find((p) => p.name === n)).toMatchObject({ latestVersion: 2, labels: [] });
  });

  it("concurrent saves get distinct consecutive versions", async () => {
    const n = name();
    const c = t.owner.caller;
    await c.prompts.createVersion({ projectId, name: n, ...V1 });
    const results = await Promise.all(
      [0, 1, 2, 3].map((i) => c.prompts.createVersion({ projectId, name: n, ...V1, commitMessage: `c${i}` })),
    );
    expect(results.map((r) => r.version.version).sort()).toEqual([2, 3, 4, 5]);
  });

  it("rejects bad templates, names and params at save time, naming the field", async () => {
    const c = t.owner.caller;
    const bad = await expectTrpcError(
      c.prompts.createVersion({ projectId, name: name(), ...V1, system: "Hi {{ not valid }}" }),
      "BAD_REQUEST",
    );
    expect(bad.message).toMatch(/Invalid variable/);
    await expectTrpcError(c.prompts.createVersion({ projectId, name: "bad name!", ...V1 }), "BAD_REQUEST");
    await expectTrpcError(
      c.prompts.createVersion({ projectId, name: name(), ...V1, params: { maxTokens: 10, top_k: 1 } as never }),
      "BAD_REQUEST",
    );
    await expectTrpcError(
      c.prompts.createVersion({ projectId, name: name(), ...V1, commitMessage: " " }),
      "BAD_REQUEST",
    );
  });

  it("labels move with an audit trail; production is protected (ADMIN only) until unprotected", async () => {
    const n = name();
    const c = t.owner.caller;
    const { prompt } = await c.prompts.createVersion({ projectId, name: n, ...V1 });
    await c.prompts.createVersion({ projectId, name: n, ...V1, commitMessage: "second" });
    const member = await addMember(t, "MEMBER");
    const viewer = await addMember(t, "VIEWER");
    const admin = await addMember(t, "ADMIN");
    const promptId = prompt.id;

    await member.caller.prompts.setLabel({ projectId, promptId, label: "staging", version: 1 });
    await member.caller.prompts.setLabel({ projectId, promptId, label: "staging", version: 2 });
    const denied = await expectTrpcError(
      member.caller.prompts.setLabel({ projectId, promptId, label: "production", version: 2 }),
      "FORBIDDEN",
    );
    expect(denied.message).toMatch(/protected/);
    await expectTrpcError(
      viewer.caller.prompts.setLabel({ projectId, promptId, label: "staging", version: 1 }),
      "FORBIDDEN",
    );
    await admin.caller.prompts.setLabel({ projectId, promptId, label: "production", version: 1 });
    await expectTrpcError(
      member.caller.prompts.setProtection({ projectId, promptId, protectedProduction: false }),
      "FORBIDDEN",
    );
    await admin.caller.prompts.setProtection({ projectId, promptId, protectedProduction: false });
    await member.caller.prompts.setLabel({ projectId, promptId, label: "production", version: 2 });
    // no-op moves record nothing
    const same = await member.caller.prompts.setLabel({ projectId, promptId, label: "production", version: 2 });
    expect(same.changed).toBe(false);
    await member.caller.prompts.setLabel({ projectId, promptId, label: "staging", version: null });
    await expectTrpcError(
      member.caller.prompts.setLabel({ projectId, promptId, label: "canary", version: 9 }),
      "NOT_FOUND",
    );
    await expectTrpcError(
      member.caller.prompts.setLabel({ projectId, promptId, label: "latest", version: 1 }),
      "BAD_REQUEST",
    );

    const got = await viewer.caller.prompts.get({ projectId, promptId });
    expect(got.labels.map((l) => [l.name, l.version])).toEqual([["production", 2]]);
    expect(got.events.map((e) => [e.label, e.fromVersion, e.toVersion, e.actor?.id])).toEqual([
      ["staging", 2, null, member.id],
      ["production", 1, 2, member.id],
      ["production", null, 1, admin.id],
      ["staging", 1, 2, member.id],
      ["staging", null, 1, member.id],
    ]);
  });

  it("diffs two versions line by line with field changes", async () => {
    const n = name();
    const c = t.owner.caller;
    const { prompt } = await c.prompts.createVersion({ projectId, name: n, ...V1 });
    await c.prompts.createVersion({
      projectId,
      name: n,
      ...V1,
      system: "You are {{persona}}.\nCite your sources.",
      model: "claude-sonnet-4-5",
      commitMessage: "cite",
    });
    const d = await c.prompts.diff({ projectId, promptId: prompt.id, from: 1, to: 2 });
    expect(d.diff.changed).toBe(true);
    expect(d.diff.fields).toEqual([{ field: "model", from: "claude-haiku-4-5", to: "claude-sonnet-4-5" }]);
    expect(d.diff.system).toEqual([
      { type: "equal", left: 1, right: 1, text: "You are {{persona}}." },
      { type: "added", right: 2, text: "Cite your sources." },
    ]);
    expect(d.diff.messages.every((r) => r.type === "equal")).toBe(true);
    await expectTrpcError(c.prompts.diff({ projectId, promptId: prompt.id, from: 1, to: 7 }), "NOT_FOUND");
  });

  it("another tenant cannot read or label a prompt", async () => {
    const { prompt } = await t.owner.caller.prompts.createVersion({ projectId, name: name(), ...V1 });
    const b = await newTenant("prompts-spy");
    const bp = b.project.id;
    await expectTrpcError(b.owner.caller.prompts.get({ projectId: bp, promptId: prompt.id }), "NOT_FOUND");
    await expectTrpcError(
      b.owner.caller.prompts.setLabel({ projectId: bp, promptId: prompt.id, label: "production", version: 1 }),
      "NOT_FOUND",
    );
    await expectTrpcError(
      b.owner.caller.prompts.run({ projectId: bp, promptId: prompt.id, version: 1, variables: {} }),
      "NOT_FOUND",
    );
    await expectTrpcError(b.owner.caller.prompts.get({ projectId, promptId: prompt.id }), "NOT_FOUND");
  });
});

describe("playground and provider keys", () => {
  let fake: FakeAnthropic;
  let t: Tenant;
  let projectId: string;
  beforeAll(async () => {
    fake = await startFakeAnthropic({ apiKey: "sk-ant-project-key-1234" });
    t = await newTenant("playground");
    projectId = t.project.id;
    resetProviderCache();
  });
  afterAll(() => fake.close());

  it("stores provider keys encrypted; lists show only provider, base URL and last four; ADMIN only", async () => {
    const c = t.owner.caller;
    const member = await addMember(t, "MEMBER");
    await expectTrpcError(
      member.caller.providers.set({
        projectId,
        provider: "anthropic",
        apiKey: "sk-ant-project-key-1234",
        baseUrl: fake.url,
      }),
      "FORBIDDEN",
    );
    const set = await c.providers.set({
      projectId,
      provider: "anthropic",
      apiKey: "sk-ant-project-key-1234",
      baseUrl: fake.url,
    });
    expect(set).toMatchObject({ provider: "anthropic", baseUrl: fake.url, last4: "1234" });
    const listed = await member.caller.providers.list({ projectId });
    expect(JSON.stringify(listed)).not.toContain("project-key");
    expect(Object.keys(listed[0]!)).not.toContain("encryptedKey");
    const [row] = await getDb().$queryRaw<
      Array<{ encryptedKey: string }>
    >`SELECT "encryptedKey" FROM "ProviderCredential" WHERE "projectId" = ${projectId}`;
    expect(row!.encryptedKey).toMatch(/^v1\./);
    expect(row!.encryptedKey).not.toContain("project-key");
    await expectTrpcError(
      c.providers.set({ projectId, provider: "openai-compatible", apiKey: "sk-something-long" }),
      "BAD_REQUEST",
    );
  });

  it("runs a version against the provider: output, tokens, cost and latency", async () => {
    const c = t.owner.caller;
    const { prompt } = await c.prompts.createVersion({ projectId, name: "play", ...V1 });
    const member = await addMember(t, "MEMBER");
    fake.reset();
    const r = await member.caller.prompts.run({
      projectId,
      promptId: prompt.id,
      version: 1,
      variables: { persona: "terse", question: "2+2?" },
    });
    expect(r.text).toBe("echo: Answer: 2+2?");
    expect(r.model).toBe("claude-haiku-4-5");
    expect(r.usage.inputTokens).toBeGreaterThan(0);
    expect(r.usage.outputTokens).toBeGreaterThan(0);
    expect(r.latencyMs).toBeGreaterThanOrEqual(0);
    expect(r.costUsd).toBeCloseTo((r.usage.inputTokens * 1 + r.usage.outputTokens * 5) / 1e6, 12);
    expect(r.rendered.system).toBe("You are terse.");
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]!.apiKey).toBe("sk-ant-project-key-1234");
    expect(fake.requests[0]!.body).toMatchObject({
      model: "claude-haiku-4-5",
      max_tokens: 200,
      system: "You are terse.",
    });

    const viewer = await addMember(t, "VIEWER");
    await expectTrpcError(
      viewer.caller.prompts.run({ projectId, promptId: prompt.id, version: 1, variables: {} }),
      "FORBIDDEN",
    );
  });

  it("a missing variable is an error naming it, and nothing is sent", async () => {
    const c = t.owner.caller;
    const { prompt } = await c.prompts.createVersion({ projectId, name: "play-missing", ...V1 });
    fake.reset();
    const err = await expectTrpcError(
      c.prompts.run({ projectId, promptId: prompt.id, version: 1, variables: { persona: "x" } }),
      "BAD_REQUEST",
    );
    expect(err.message).toBe("Missing variable: question");
    expect(err.cause).toMatchObject({ field: "variables" });
    expect(fake.requests).toHaveLength(0);
  });

  it("temperature on a Claude model is a field error, not a 500", async () => {
    const c = t.owner.caller;
    const { prompt } = await c.prompts.createVersion({
      projectId,
      name: "play-temp",
      ...V1,
      params: { temperature: 0.2 },
    });
    fake.reset();
    const err = await expectTrpcError(
      c.prompts.run({ projectId, promptId: prompt.id, version: 1, variables: { persona: "x", question: "y" } }),
      "BAD_REQUEST",
    );
    expect(err.message).toMatch(/reject temperature/);
    expect(err.cause).toMatchObject({ field: "params.temperature" });
    expect(fake.requests).toHaveLength(0);
  });

  it("provider failures become clear errors: a refused key, an overloaded provider", async () => {
    const c = t.owner.caller;
    const { prompt } = await c.prompts.createVersion({ projectId, name: "play-fail", ...V1 });
    const vars = { persona: "x", question: "y" };
    fake.reset();
    fake.enqueue({ type: "error", status: 529 }, { type: "error", status: 529 }, { type: "error", status: 529 });
    const overloaded = await expectTrpcError(
      c.prompts.run({ projectId, promptId: prompt.id, version: 1, variables: vars }),
      "PRECONDITION_FAILED",
    );
    expect(overloaded.message).toMatch(/did not answer \(overloaded\)/);
    await c.providers.set({ projectId, provider: "anthropic", apiKey: "sk-ant-wrong-key-9999", baseUrl: fake.url });
    const refused = await expectTrpcError(
      c.prompts.run({ projectId, promptId: prompt.id, version: 1, variables: vars }),
      "PRECONDITION_FAILED",
    );
    expect(refused.message).toMatch(/refused the API key/);
    await c.providers.delete({ projectId, provider: "anthropic" });
    expect(await c.providers.list({ projectId })).toEqual([]);
    await expectTrpcError(c.providers.delete({ projectId, provider: "anthropic" }), "NOT_FOUND");
  });
});
