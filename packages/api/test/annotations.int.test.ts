// Annotation queues on Postgres: a queue fills from ingested traffic by its sampling strategy
// under its daily cap; reviewers reserve, label (stored as HUMAN scores on the trace), and the
// report shows progress, patterns, agreement and disagreements. Bad definitions change nothing;
// tenancy and roles for every procedure.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@yardstick/db";
import { fillAllAnnotationQueues } from "@yardstick/server/services/annotations";
import { addMember, expectTrpcError, newTenant } from "./helpers";
import { count, ev, post } from "./ingest-fixtures";

type TTenant = Awaited<ReturnType<typeof newTenant>>;

async function ingestKey(t: TTenant) {
  return (await t.owner.caller.apiKeys.create({ projectId: t.project.id, name: "ingest", scopes: ["ingest"] })).secret;
}

/** `n` traces tagged `tag`, one second apart, ending a minute ago. */
async function traffic(secret: string, tag: string, n: number, extra: Record<string, unknown> = {}) {
  const t0 = Date.now() - 60_000 - n * 1000;
  const ids: string[] = [];
  const batch = Array.from({ length: n }, (_, i) => {
    const id = `${tag}-${randomUUID()}`;
    ids.push(id);
    return ev("trace-create", {
      id,
      name: "chat",
      tags: [tag],
      input: `q ${i}`,
      output: `a ${i}`,
      timestamp: new Date(t0 + i * 1000).toISOString(),
      ...extra,
    });
  });
  const res = await post(secret, { batch });
  expect(res.status).toBe(207);
  return ids;
}

const quality = { name: "quality", type: "numeric" as const, min: 1, max: 5, passAtLeast: 3 };

describe("annotation queues", () => {
  let t: TTenant;
  let key: string;
  beforeAll(async () => {
    t = await newTenant("annot");
    key = await ingestKey(t);
    await traffic(key, "billing", 60);
    await traffic(key, "rare-locale", 2);
  });
  const pid = () => t.project.id;

  it("a sampling rate of 2 is refused naming the field, and nothing is created", async () => {
    const err = await expectTrpcError(
      t.owner.caller.annotations.create({
        projectId: pid(),
        queue: { name: "bad", sampling: "random", rate: 2, scoreConfig: quality },
      }),
      "BAD_REQUEST",
    );
    expect(err.message).toBe("rate: Sampling rate must be at most 1 (1 = every matching trace)");
    expect(await count("AnnotationQueue", pid())).toBe(0);
    await expectTrpcError(
      t.owner.caller.annotations.create({
        projectId: pid(),
        queue: { name: "bad", sampling: "stratified", rate: 0.1, scoreConfig: quality },
      }),
      "BAD_REQUEST",
    );
    expect(await count("AnnotationQueue", pid())).toBe(0);
  });

  it("stratified sampling covers the low-volume stratum; the fill is idempotent; the daily cap holds", async () => {
    const q = await t.owner.caller.annotations.create({
      projectId: pid(),
      queue: {
        name: "by tag",
        sampling: "stratified",
        stratifyBy: "tags",
        rate: 0.1,
        minPerStratum: 2,
        scoreConfig: quality,
      },
    });
    const r = await t.owner.caller.annotations.fill({ projectId: pid(), queueId: q.id });
    expect(r.considered).toBe(62);
    const items = await getDb().annotationItem.findMany({ where: { queueId: q.id }, select: { stratum: true } });
    const by = (s: string) => items.filter((i) => i.stratum === s).length;
    expect(by("rare-locale")).toBe(2);
    expect(by("billing")).toBeGreaterThanOrEqual(2);
    expect(by("billing")).toBeLessThan(20);
    // again: nothing new to consider, nothing added
    expect(await t.owner.caller.annotations.fill({ projectId: pid(), queueId: q.id })).toMatchObject({
      added: 0,
      considered: 0,
    });
    // the background job's entry point fills every queue the same way
    await traffic(key, "billing", 5);
    await fillAllAnnotationQueues();

    const capped = await t.owner.caller.annotations.create({
      projectId: pid(),
      queue: { name: "capped", sampling: "random", rate: 1, dailyCap: 7, scoreConfig: quality },
    });
    expect(await t.owner.caller.annotations.fill({ projectId: pid(), queueId: capped.id })).toMatchObject({
      added: 7,
      capped: true,
    });
    expect(await t.owner.caller.annotations.fill({ projectId: pid(), queueId: capped.id })).toMatchObject({ added: 0 });
  });

  it("error-triggered sampling takes errored and very short outputs only", async () => {
    const errored = await traffic(key, "err", 2, { metadata: { x: 1 } });
    await getDb().trace.updateMany({ where: { projectId: pid(), id: { in: errored } }, data: { hasError: true } });
    const q = await t.owner.caller.annotations.create({
      projectId: pid(),
      queue: { name: "errors", sampling: "errors", rate: 1, filter: { tags: ["err"] }, scoreConfig: quality },
    });
    await t.owner.caller.annotations.fill({ projectId: pid(), queueId: q.id });
    const items = await getDb().annotationItem.findMany({
      where: { queueId: q.id },
      select: { traceId: true, stratum: true },
    });
    expect(items.map((i) => i.traceId).sort()).toEqual([...errored].sort());
    expect(items.every((i) => i.stratum === "error")).toBe(true);
  });

  it("two reviewers per item: reservations, labels as HUMAN scores, agreement, disagreements and patterns", async () => {
    const q = await t.owner.caller.annotations.create({
      projectId: pid(),
      queue: {
        name: "double",
        sampling: "random",
        rate: 1,
        filter: { tags: ["rare-locale"] },
        reviewersPerItem: 2,
        scoreConfig: quality,
        issueTags: ["Hallucination", "Irrelevant"],
      },
    });
    await t.owner.caller.annotations.fill({ projectId: pid(), queueId: q.id });
    const alice = await addMember(t, "MEMBER");
    const bob = await addMember(t, "MEMBER");
    const carol = await addMember(t, "MEMBER");
    const a1 = await alice.caller.annotations.next({ projectId: pid(), queueId: q.id });
    expect(a1.item).not.toBeNull();
    // asking again returns the same reserved item
    expect((await alice.caller.annotations.next({ projectId: pid(), queueId: q.id })).item!.id).toBe(a1.item!.id);
    const b1 = await bob.caller.annotations.next({ projectId: pid(), queueId: q.id });
    expect(b1.item!.id).toBe(a1.item!.id); // two reviewers per item: both may hold it
    const c1 = await carol.caller.annotations.next({ projectId: pid(), queueId: q.id });
    expect(c1.item!.id).not.toBe(a1.item!.id); // full: the third gets the other item

    // a bad label: out of range, unknown tag
    await expectTrpcError(
      alice.caller.annotations.label({ projectId: pid(), queueId: q.id, itemId: a1.item!.id, value: 9 }),
      "BAD_REQUEST",
    );
    await expectTrpcError(
      alice.caller.annotations.label({
        projectId: pid(),
        queueId: q.id,
        itemId: a1.item!.id,
        value: 2,
        tags: ["Nope"],
      }),
      "BAD_REQUEST",
    );
    await alice.caller.annotations.label({
      projectId: pid(),
      queueId: q.id,
      itemId: a1.item!.id,
      value: 2,
      tags: ["Hallucination"],
      comment: "made up a refund rule",
    });
    await bob.caller.annotations.label({ projectId: pid(), queueId: q.id, itemId: a1.item!.id, value: 4 });
    await expectTrpcError(
      bob.caller.annotations.label({ projectId: pid(), queueId: q.id, itemId: a1.item!.id, value: 4 }),
      "CONFLICT",
    );
    const second = (await alice.caller.annotations.next({ projectId: pid(), queueId: q.id })).item!;
    expect(second.id).toBe(c1.item!.id);
    await alice.caller.annotations.label({
      projectId: pid(),
      queueId: q.id,
      itemId: second.id,
      value: 1,
      tags: ["Hallucination", "Irrelevant"],
    });
    await carol.caller.annotations.label({
      projectId: pid(),
      queueId: q.id,
      itemId: second.id,
      value: 1,
      tags: ["Irrelevant"],
    });
    expect((await alice.caller.annotations.next({ projectId: pid(), queueId: q.id })).item).toBeNull();

    const scores = await getDb().score.findMany({
      where: { projectId: pid(), traceId: a1.item!.traceId, name: "quality" },
    });
    expect(scores.map((s) => [s.source, s.value]).sort()).toEqual([
      ["HUMAN", 2],
      ["HUMAN", 4],
    ]);
    const trace = await t.owner.caller.traces.get({ projectId: pid(), traceId: a1.item!.traceId });
    expect((trace as { scores: Array<{ source: string }> }).scores.filter((s) => s.source === "HUMAN")).toHaveLength(2);

    const report = await t.owner.caller.annotations.report({ projectId: pid(), queueId: q.id });
    expect(report.progress).toMatchObject({ items: 2, done: 2, labels: 4 });
    expect(report.progress.reviewers).toHaveLength(3);
    expect(report.patterns).toMatchObject({ labels: 4, failed: 3, failureRate: 0.75 });
    expect(report.patterns.topTags.map((x) => [x.tag, x.count])).toEqual([
      ["Hallucination", 2],
      ["Irrelevant", 2],
    ]);
    expect(report.disagreements.map((d) => d.itemId)).toEqual([a1.item!.id]);
    expect(report.agreement).toMatchObject({ units: 2, reviewers: 3, level: "interval" });
  });

  it("a reservation expires and the item is released to others", async () => {
    const q = await t.owner.caller.annotations.create({
      projectId: pid(),
      queue: {
        name: "expiring",
        sampling: "random",
        rate: 1,
        filter: { tags: ["rare-locale"] },
        scoreConfig: { name: "ok", type: "boolean" },
      },
    });
    await t.owner.caller.annotations.fill({ projectId: pid(), queueId: q.id });
    const u1 = await addMember(t, "MEMBER");
    const u2 = await addMember(t, "MEMBER");
    const first = (await u1.caller.annotations.next({ projectId: pid(), queueId: q.id })).item!;
    const other = (await u2.caller.annotations.next({ projectId: pid(), queueId: q.id })).item!;
    expect(other.id).not.toBe(first.id);
    await getDb().annotationReservation.updateMany({
      where: { itemId: first.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    await u2.caller.annotations.skip({ projectId: pid(), queueId: q.id, itemId: other.id });
    expect((await u2.caller.annotations.next({ projectId: pid(), queueId: q.id })).item!.id).toBe(first.id);
  });
});

describe("hidden gold items", () => {
  it("measure each reviewer's accuracy and stay out of patterns; bad gold changes nothing", async () => {
    const t = await newTenant("annot-gold");
    const key = await ingestKey(t);
    const [g1, g2] = await traffic(key, "gold", 2);
    const other = await newTenant("annot-gold-other");
    const foreign = (await traffic(await ingestKey(other), "x", 1))[0]!;
    const pid = t.project.id;
    const q = await t.owner.caller.annotations.create({
      projectId: pid,
      queue: {
        name: "gold",
        sampling: "random",
        rate: 1,
        filter: { tags: ["none-match"] },
        scoreConfig: { name: "ok", type: "boolean" },
      },
    });
    await expectTrpcError(
      t.owner.caller.annotations.addGold({ projectId: pid, queueId: q.id, traceId: g1!, value: 3 }),
      "BAD_REQUEST",
    );
    await expectTrpcError(
      t.owner.caller.annotations.addGold({ projectId: pid, queueId: q.id, traceId: foreign, value: true }),
      "NOT_FOUND",
    );
    expect(await count("AnnotationItem", pid)).toBe(0);
    await t.owner.caller.annotations.addGold({ projectId: pid, queueId: q.id, traceId: g1!, value: true });
    await t.owner.caller.annotations.addGold({ projectId: pid, queueId: q.id, traceId: g2!, value: false });
    const r1 = await addMember(t, "MEMBER");
    for (const value of [true, true]) {
      const next = (await r1.caller.annotations.next({ projectId: pid, queueId: q.id })).item!;
      expect(next).not.toHaveProperty("gold");
      expect(next.stratum).toBeNull(); // nothing tells the reviewer it is a gold item
      await r1.caller.annotations.label({ projectId: pid, queueId: q.id, itemId: next.id, value });
    }
    const report = await t.owner.caller.annotations.report({ projectId: pid, queueId: q.id });
    expect(report.progress.reviewers).toMatchObject([{ gold: 2, goldCorrect: 1, goldAccuracy: 0.5 }]);
    expect(report.patterns.labels).toBe(0);
  });
});

describe("annotation queues: tenancy and roles", () => {
  it("another tenant gets NOT_FOUND everywhere; VIEWER reads; MEMBER labels; ADMIN defines", async () => {
    const a = await newTenant("annot-a");
    const b = await newTenant("annot-b");
    const kb = await ingestKey(b);
    await traffic(kb, "x", 3);
    const q = await b.owner.caller.annotations.create({
      projectId: b.project.id,
      queue: { name: "b queue", sampling: "random", rate: 1, scoreConfig: quality },
    });
    await b.owner.caller.annotations.fill({ projectId: b.project.id, queueId: q.id });
    const item = (await b.owner.caller.annotations.next({ projectId: b.project.id, queueId: q.id })).item!;
    const proj = { projectId: b.project.id };
    const calls = (c: typeof a.owner.caller): Array<[string, () => Promise<unknown>]> => [
      ["list", () => c.annotations.list(proj)],
      ["get", () => c.annotations.get({ ...proj, queueId: q.id })],
      ["report", () => c.annotations.report({ ...proj, queueId: q.id })],
      ["fill", () => c.annotations.fill({ ...proj, queueId: q.id })],
      ["next", () => c.annotations.next({ ...proj, queueId: q.id })],
      ["skip", () => c.annotations.skip({ ...proj, queueId: q.id, itemId: item.id })],
      ["label", () => c.annotations.label({ ...proj, queueId: q.id, itemId: item.id, value: 3 })],
      [
        "create",
        () => c.annotations.create({ ...proj, queue: { name: "x", sampling: "random", scoreConfig: quality } }),
      ],
      ["addGold", () => c.annotations.addGold({ ...proj, queueId: q.id, traceId: item.traceId, value: 3 })],
      ["delete", () => c.annotations.delete({ ...proj, queueId: q.id })],
    ];
    for (const [name, call] of calls(a.owner.caller)) {
      await expectTrpcError(call(), "NOT_FOUND").catch((e: Error) => {
        throw new Error(`${name}: ${e.message}`);
      });
    }
    expect(await b.owner.caller.annotations.list(proj)).toHaveLength(1);
    const viewer = await addMember(b, "VIEWER");
    const writes = new Set(["fill", "next", "skip", "label", "create", "addGold", "delete"]);
    for (const [name, call] of calls(viewer.caller)) {
      if (writes.has(name)) await expectTrpcError(call(), "FORBIDDEN");
      else await call();
    }
    const member = await addMember(b, "MEMBER");
    await expectTrpcError(
      member.caller.annotations.create({ ...proj, queue: { name: "m", sampling: "random", scoreConfig: quality } }),
      "FORBIDDEN",
    );
    await expectTrpcError(member.caller.annotations.delete({ ...proj, queueId: q.id }), "FORBIDDEN");
    await expectTrpcError(
      member.caller.annotations.addGold({ ...proj, queueId: q.id, traceId: item.traceId, value: 3 }),
      "FORBIDDEN",
    );
    await member.caller.annotations.next({ ...proj, queueId: q.id });
  });
});
