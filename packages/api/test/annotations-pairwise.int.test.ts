// Pairwise annotation queues on Postgres: traces of prompt versions A and B that saw the same
// input become one item; reviewers see the outputs blind (left/right), the choice is stored as
// A/B; the report gives B's win rate with a Wilson CI and the reviewers' agreement. Bad
// definitions (same version twice, a missing version, another project's prompt) change nothing.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@yardstick/db";
import { addMember, expectTrpcError, newTenant } from "./helpers";
import { count, ev, post } from "./ingest-fixtures";

type TTenant = Awaited<ReturnType<typeof newTenant>>;

const version = (c: TTenant["owner"]["caller"], projectId: string, name: string, system: string) =>
  c.prompts.createVersion({
    projectId,
    name,
    messages: [{ role: "user", content: "{{question}}" }],
    model: "claude-haiku-4-5",
    params: { maxTokens: 64 },
    system,
    commitMessage: system,
  });

/** One trace per input, produced by prompt `answerer` at `v`; its output names the version. */
async function traffic(secret: string, v: number, inputs: string[]) {
  const t0 = Date.now() - 120_000;
  const batch = inputs.flatMap((input, i) => {
    const id = `v${v}-${randomUUID()}`;
    const ts = new Date(t0 + i * 1000 + v * 100).toISOString();
    return [
      ev("trace-create", { id, name: "chat", input, output: `v${v} answer to ${i}`, timestamp: ts }),
      ev("generation-create", {
        traceId: id,
        startTime: ts,
        model: "claude-haiku-4-5",
        promptName: "answerer",
        promptVersion: v,
      }),
    ];
  });
  const res = await post(secret, { batch });
  expect(res.status).toBe(207);
}

describe("pairwise annotation queues", () => {
  let t: TTenant;
  let other: TTenant;
  beforeAll(async () => {
    t = await newTenant("pair");
    other = await newTenant("pair-other");
    await version(t.owner.caller, t.project.id, "answerer", "one");
    await version(t.owner.caller, t.project.id, "answerer", "two");
    await version(other.owner.caller, other.project.id, "secret", "theirs");
    await version(other.owner.caller, other.project.id, "secret", "theirs 2");
    const key = (await t.owner.caller.apiKeys.create({ projectId: t.project.id, name: "i", scopes: ["ingest"] }))
      .secret;
    const qs = ["reset password", "refund policy", "opening hours", "cancel order", "change address"];
    await traffic(key, 1, [...qs, "only A saw this"]);
    // B's inputs differ in case and punctuation only: the normalised input pairs them
    await traffic(
      key,
      2,
      qs.map((q) => `${q.toUpperCase()}?!`),
    );
  });
  const pid = () => t.project.id;
  const def = (extra: Record<string, unknown> = {}) => ({
    name: "v1 vs v2",
    promptA: { name: "answerer", version: 1 },
    promptB: { name: "answerer", version: 2 },
    reviewersPerItem: 2,
    ...extra,
  });

  it("bad definitions get a field error and create nothing", async () => {
    const same = await expectTrpcError(
      t.owner.caller.annotations.createPairwise({
        projectId: pid(),
        queue: def({ promptB: { name: "answerer", version: 1 } }),
      }),
      "BAD_REQUEST",
    );
    expect(same.message).toBe("promptB.version: Version B must differ from version A");
    const missing = await expectTrpcError(
      t.owner.caller.annotations.createPairwise({
        projectId: pid(),
        queue: def({ promptB: { name: "answerer", version: 9 } }),
      }),
      "NOT_FOUND",
    );
    expect(missing.message).toBe('Prompt "answerer" has no version 9');
    // another project's prompt is not found, never used
    await expectTrpcError(
      t.owner.caller.annotations.createPairwise({
        projectId: pid(),
        queue: def({ promptA: { name: "secret", version: 1 } }),
      }),
      "NOT_FOUND",
    );
    await expectTrpcError(
      t.owner.caller.annotations.createPairwise({ projectId: pid(), queue: def({ rate: 2 }) }),
      "BAD_REQUEST",
    );
    expect(await count("AnnotationQueue", pid())).toBe(0);
    // a viewer may not create one; another tenant cannot see this project
    const viewer = await addMember(t, "VIEWER");
    await expectTrpcError(viewer.caller.annotations.createPairwise({ projectId: pid(), queue: def() }), "FORBIDDEN");
    await expectTrpcError(
      other.owner.caller.annotations.createPairwise({ projectId: pid(), queue: def() }),
      "NOT_FOUND",
    );
    expect(await count("AnnotationQueue", pid())).toBe(0);
  });

  it("fills pairs by input, labels blind, maps back to A/B and reports B's win rate", async () => {
    const q = await t.owner.caller.annotations.createPairwise({ projectId: pid(), queue: def() });
    expect(q.kind).toBe("pairwise");
    const fill = await t.owner.caller.annotations.fill({ projectId: pid(), queueId: q.id });
    expect(fill.added).toBe(5); // "only A saw this" has no partner
    expect((await t.owner.caller.annotations.fill({ projectId: pid(), queueId: q.id })).added).toBe(0);
    const items = await getDb().annotationItem.findMany({ where: { queueId: q.id } });
    expect(items.every((i) => i.traceId.startsWith("v1-") && i.traceIdB?.startsWith("v2-"))).toBe(true);

    const alice = await addMember(t, "MEMBER");
    const bob = await addMember(t, "MEMBER");
    let aliceLeftWasB = 0;
    let bobLeftWasB = 0;
    for (let i = 0; i < 5; i++) {
      for (const [who, c] of [
        ["alice", alice.caller],
        ["bob", bob.caller],
      ] as const) {
        const next = await c.annotations.nextPair({ projectId: pid(), queueId: q.id });
        expect(Object.keys(next.item!).sort()).toEqual(["id", "reservedUntil"]); // no trace ids
        const pair = next.pair!;
        expect(String(pair.input)).toMatch(/[a-z]/i);
        const leftIsB = String(pair.left).startsWith("v2 ");
        expect(String(leftIsB ? pair.right : pair.left).startsWith("v1 ")).toBe(true);
        // a reload shows the same order
        const again = await c.annotations.nextPair({ projectId: pid(), queueId: q.id });
        expect(again.item?.id).toBe(next.item!.id);
        expect(again.pair!.left).toEqual(pair.left);
        if (who === "alice") aliceLeftWasB += leftIsB ? 1 : 0;
        else bobLeftWasB += leftIsB ? 1 : 0;
        // alice prefers B everywhere; bob prefers B except on the first item, a tie
        const choice = who === "bob" && i === 0 ? "tie" : leftIsB ? "left" : "right";
        await c.annotations.labelPair({
          projectId: pid(),
          queueId: q.id,
          itemId: next.item!.id,
          choice,
          tags: i === 1 ? ["Irrelevant"] : [],
        });
      }
    }
    // the order really varies (5 items × 2 reviewers, both sides seen)
    expect(aliceLeftWasB + bobLeftWasB).toBeGreaterThan(0);
    expect(aliceLeftWasB + bobLeftWasB).toBeLessThan(10);

    const r = await t.owner.caller.annotations.report({ projectId: pid(), queueId: q.id });
    expect(r.progress).toMatchObject({ items: 5, done: 5, labels: 10 });
    expect(r.preference).toMatchObject({ n: 10, winsA: 0, winsB: 9, ties: 1, bothBad: 0 });
    expect(r.preference!.winRateB!.estimate).toBe(1);
    expect(r.preference!.winRateB!.lower).toBeGreaterThan(0.6);
    expect(r.preference!.winRateB!.lower).toBeLessThan(0.75);
    expect(r.preference!.reviewers.map((x) => [x.name, x.winsB, x.ties]).sort()).toEqual([
      ["member", 4, 1],
      ["member", 5, 0],
    ]);
    expect(r.agreement.units).toBe(5);
    expect(r.disagreements).toHaveLength(1);
    expect(r.patterns.topTags[0]).toMatchObject({ tag: "Irrelevant", count: 2 });
    // stored as HUMAN scores on A's trace
    const scores = await getDb().score.findMany({ where: { projectId: pid(), name: "preference", source: "HUMAN" } });
    expect(scores.map((s) => s.stringValue).sort()).toEqual([..."BBBBBBBBB", "tie"].sort());
  });

  it("the daily cap holds; a refill the same day adds nothing", async () => {
    const fills = [];
    for (const name of ["capped 1", "capped 2"]) {
      const q = await t.owner.caller.annotations.createPairwise({
        projectId: pid(),
        queue: def({ name, dailyCap: 2 }),
      });
      const r = await t.owner.caller.annotations.fill({ projectId: pid(), queueId: q.id });
      expect(r).toMatchObject({ added: 2, capped: true });
      expect((await t.owner.caller.annotations.fill({ projectId: pid(), queueId: q.id })).added).toBe(0);
      fills.push(q.id);
    }
    const inputs = async (queueId: string) =>
      (await getDb().annotationItem.findMany({ where: { queueId }, select: { traceId: true } })).length;
    expect(await inputs(fills[0]!)).toBe(2);
    expect(await inputs(fills[1]!)).toBe(2);
  });

  it("a pairwise queue refuses a plain label and a bad choice; nothing is written", async () => {
    const q = await t.owner.caller.annotations.createPairwise({ projectId: pid(), queue: def({ name: "second" }) });
    await t.owner.caller.annotations.fill({ projectId: pid(), queueId: q.id });
    const next = await t.owner.caller.annotations.nextPair({ projectId: pid(), queueId: q.id });
    const itemId = next.item!.id;
    await expectTrpcError(t.owner.caller.annotations.next({ projectId: pid(), queueId: q.id }), "BAD_REQUEST");
    await expectTrpcError(
      t.owner.caller.annotations.label({ projectId: pid(), queueId: q.id, itemId, value: "B" }),
      "BAD_REQUEST",
    );
    const bad = await expectTrpcError(
      t.owner.caller.annotations.labelPair({ projectId: pid(), queueId: q.id, itemId, choice: "A" }),
      "BAD_REQUEST",
    );
    expect(bad.message).toBe("choice: Choose left, right, tie or both_bad");
    const viewer = await addMember(t, "VIEWER");
    await expectTrpcError(
      viewer.caller.annotations.labelPair({ projectId: pid(), queueId: q.id, itemId, choice: "left" }),
      "FORBIDDEN",
    );
    await expectTrpcError(
      other.owner.caller.annotations.labelPair({ projectId: pid(), queueId: q.id, itemId, choice: "left" }),
      "NOT_FOUND",
    );
    expect(await getDb().annotationLabel.count({ where: { queueId: q.id } })).toBe(0);
  });
});
