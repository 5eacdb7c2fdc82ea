// The candidate queue end to end on Postgres: negative feedback through the public ingest route
// (feedback and ingest keys) becomes candidates, deduplicated by normalised text and by
// similarity; review promotes into a new dataset version with provenance, or rejects. Tenancy and
// roles for every candidates procedure.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@yardstick/db";
import { dedupeCandidatesBySimilarity } from "@yardstick/server/services/candidate-dedupe";
import { backfillCandidates } from "@yardstick/server/services/candidates";
import { addMember, expectTrpcError, newTenant } from "./helpers";
import { count, ev, post } from "./ingest-fixtures";

type TTenant = Awaited<ReturnType<typeof newTenant>>;
type TAnswer = {
  successes: Array<{ id: string; status: number }>;
  errors: Array<{ id: string; status: number; message: string }>;
};

async function keys(t: TTenant) {
  const key = async (scopes: Array<"ingest" | "feedback">) =>
    (await t.owner.caller.apiKeys.create({ projectId: t.project.id, name: scopes.join("+"), scopes })).secret;
  return { ingest: await key(["ingest"]), feedback: await key(["feedback"]) };
}

async function send(secret: string, batch: unknown[]) {
  const res = await post(secret, { batch });
  expect(res.status).toBe(207);
  return (await res.json()) as TAnswer;
}

/** A trace with a generation: the chat input, the answer, the model and prompt version. */
async function chatTrace(ingestKey: string, question: string, answer = "Sorry, I cannot help with that.") {
  const traceId = randomUUID();
  await send(ingestKey, [
    ev("trace-create", { id: traceId, name: "support-chat", input: question, output: answer }),
    ev("generation-create", {
      id: randomUUID(),
      traceId,
      name: "answer",
      model: "claude-sonnet-4-5",
      promptName: "support",
      promptVersion: 3,
      input: [{ role: "user", content: question }],
      output: answer,
      startTime: new Date().toISOString(),
    }),
  ]);
  return traceId;
}

describe("negative feedback becomes candidates", () => {
  let t: TTenant;
  let k: Awaited<ReturnType<typeof keys>>;
  beforeAll(async () => {
    t = await newTenant("cand");
    k = await keys(t);
  });
  const list = (status: "open" | "promoted" | "rejected" = "open") =>
    t.owner.caller.candidates.list({ projectId: t.project.id, status });

  it("a thumbs-down with a feedback key queues the trace's input, output, model and prompt version", async () => {
    const traceId = await chatTrace(k.ingest, "How do I reset my password?");
    const answer = await send(k.feedback, [
      ev("feedback-create", { traceId, thumbs: "down", comment: "did not help", tags: ["Irrelevant"] }),
    ]);
    expect(answer.errors).toEqual([]);
    const { items, counts } = await list();
    expect(counts.open).toBe(1);
    expect(items).toHaveLength(1);
    const c = items[0]!;
    expect(c).toMatchObject({
      inputText: "How do I reset my password?",
      output: "Sorry, I cannot help with that.",
      model: "claude-sonnet-4-5",
      promptName: "support",
      promptVersion: 3,
      traceId,
      count: 1,
      status: "open",
    });
    const detail = await t.owner.caller.candidates.get({ projectId: t.project.id, candidateId: c.id });
    expect(detail.occurrences).toMatchObject([
      { kind: "feedback", thumbs: -1, comment: "did not help", tags: ["Irrelevant"] },
    ]);
  });

  it("a near-identical input (case, punctuation, spaces) increments the count; retries count once", async () => {
    const traceId = await chatTrace(k.ingest, "  how do I reset my PASSWORD ");
    const fb = ev("feedback-create", { traceId, rating: 1 });
    await send(k.feedback, [fb]);
    await send(k.feedback, [fb]); // the same event again: idempotent
    const { items } = await list();
    expect(items).toHaveLength(1);
    expect(items[0]!.count).toBe(2);
    const detail = await t.owner.caller.candidates.get({ projectId: t.project.id, candidateId: items[0]!.id });
    expect(detail.traceIds).toHaveLength(2);
    expect(+detail.lastSeenAt).toBeGreaterThanOrEqual(+detail.firstSeenAt);
  });

  it("positive feedback, rating 3 and feedback for an unknown trace queue nothing; the unknown trace is a 404", async () => {
    const traceId = await chatTrace(k.ingest, "What are your opening hours?");
    const unknown = ev("feedback-create", { traceId: "no-such-trace", thumbs: "down" });
    const answer = await send(k.feedback, [
      ev("feedback-create", { traceId, thumbs: "up" }),
      ev("feedback-create", { traceId, rating: 3 }),
      unknown,
    ]);
    expect(answer.errors).toEqual([
      { id: unknown.id, status: 404, message: "body.traceId: trace not found in this project" },
    ]);
    expect((await list()).items).toHaveLength(1);
  });

  it("feedback for another project's trace is a 404 and queues nothing in either project", async () => {
    const other = await newTenant("cand-other");
    const ok = await keys(other);
    const foreignTrace = await chatTrace(ok.ingest, "A question in the other project");
    const before = await count("FeedbackCandidate", t.project.id);
    const e = ev("feedback-create", { traceId: foreignTrace, thumbs: "down" });
    const answer = await send(k.feedback, [e]);
    expect(answer.errors).toEqual([
      { id: e.id, status: 404, message: "body.traceId: trace not found in this project" },
    ]);
    expect(await count("FeedbackCandidate", t.project.id)).toBe(before);
    expect(await count("FeedbackCandidate", other.project.id)).toBe(0);
  });

  it("a project rule queues low scores (score helpfulness < 3); an ingest key's feedback counts too", async () => {
    await t.owner.caller.candidates.setRule({ projectId: t.project.id, scoreName: "helpfulness", below: 3 });
    const traceId = await chatTrace(k.ingest, "Can I export my data as CSV?");
    await send(k.ingest, [
      ev("score-create", { traceId, name: "helpfulness", value: 2 }),
      ev("score-create", { traceId, name: "helpfulness", value: 4 }),
      ev("score-create", { traceId, name: "other", value: 0 }),
    ]);
    const mine = (await list()).items.filter((c) => c.traceId === traceId);
    expect(mine).toHaveLength(1);
    const detail = await t.owner.caller.candidates.get({ projectId: t.project.id, candidateId: mine[0]!.id });
    expect(detail.occurrences).toMatchObject([{ kind: "score", scoreName: "helpfulness", scoreValue: 2 }]);
  });

  it("backfill queues stored negative feedback that missed the queue, once", async () => {
    const traceId = await chatTrace(k.ingest, "Why was I charged twice?");
    // Stored directly, as feedback from before the queue existed.
    await getDb().$executeRaw`
      INSERT INTO "Feedback" ("projectId", id, "traceId", thumbs, "timestamp") VALUES (${t.project.id}, ${randomUUID()}, ${traceId}, -1, now())`;
    const first = await backfillCandidates(t.project.id, { days: 30 });
    expect(first).toMatchObject({ scanned: 1, counted: 1 });
    expect(await backfillCandidates(t.project.id, { days: 30 })).toMatchObject({ scanned: 0, counted: 0 });
  });
});

describe("similarity dedupe (TF-IDF fallback without an embedding provider)", () => {
  it("folds near-identical open candidates into the oldest, moving signals and summing counts", async () => {
    const t = await newTenant("cand-sim");
    const k = await keys(t);
    const questions = [
      "How can I change the password of my account",
      "What is the refund policy for annual plans",
      "how can I change my account password please",
    ];
    for (const q of questions) {
      const traceId = await chatTrace(k.ingest, q);
      await send(k.feedback, [ev("feedback-create", { traceId, thumbs: "down" })]);
    }
    const r = await dedupeCandidatesBySimilarity(t.project.id, { threshold: 0.5 });
    expect(r).toMatchObject({ method: "tf-idf", compared: 3, merged: 1, groups: 1 });
    const { items } = await t.owner.caller.candidates.list({ projectId: t.project.id, status: "open" });
    expect(items.map((c) => [c.inputText, c.count, c.similarityMethod]).sort()).toEqual([
      [questions[0], 2, "tf-idf"],
      [questions[1], 1, null],
    ]);
    const kept = items.find((c) => c.inputText === questions[0])!;
    const detail = await t.owner.caller.candidates.get({ projectId: t.project.id, candidateId: kept.id });
    expect(detail.occurrences).toHaveLength(2);
    // A second run compares nothing new and merges nothing.
    expect(await dedupeCandidatesBySimilarity(t.project.id, { threshold: 0.5 })).toMatchObject({ merged: 0 });
    // New feedback on the merged input lands on the candidate it was folded into.
    const again = await chatTrace(k.ingest, questions[2]!);
    await send(k.feedback, [ev("feedback-create", { traceId: again, thumbs: "down" })]);
    const after = await t.owner.caller.candidates.get({ projectId: t.project.id, candidateId: kept.id });
    expect(after.count).toBe(3);
  });
});

describe("review: promote and reject", () => {
  let t: TTenant;
  let k: Awaited<ReturnType<typeof keys>>;
  beforeAll(async () => {
    t = await newTenant("cand-review");
    k = await keys(t);
  });
  async function candidate(q: string) {
    const traceId = await chatTrace(k.ingest, q);
    await send(k.feedback, [ev("feedback-create", { traceId, thumbs: "down", comment: "wrong" })]);
    const { items } = await t.owner.caller.candidates.list({ projectId: t.project.id });
    return { traceId, id: items.find((c) => c.traceId === traceId)!.id };
  }

  it("promote writes a new dataset version holding the item with its provenance", async () => {
    const c = await candidate("Do you ship to Canada?");
    const ds = await t.owner.caller.datasets.create({ projectId: t.project.id, name: "golden-set" });
    const res = await t.owner.caller.candidates.promote({
      projectId: t.project.id,
      candidateId: c.id,
      datasetId: ds.id,
      partition: "golden",
      expectedOutput: "Yes, we ship to Canada in 5-7 days.",
    });
    expect(res.version).toBe(1);
    const item = await t.owner.caller.datasets.item({ projectId: t.project.id, datasetId: ds.id, itemId: res.itemId });
    expect(item).toMatchObject({
      input: "Do you ship to Canada?",
      expectedOutput: "Yes, we ship to Canada in 5-7 days.",
      partition: "golden",
      source: "feedback",
      provenance: {
        traceId: c.traceId,
        candidateId: c.id,
        count: 1,
        reviewer: { id: t.owner.id, name: "cand-review" },
      },
    });
    expect((item.provenance as { feedback: unknown[] }).feedback).toMatchObject([{ thumbs: "down", comment: "wrong" }]);
    const promoted = await t.owner.caller.candidates.list({ projectId: t.project.id, status: "promoted" });
    expect(promoted.items.map((p) => [p.id, p.datasetId, p.datasetVersion])).toEqual([[c.id, ds.id, 1]]);
    // Twice is a conflict and writes no version.
    await expectTrpcError(
      t.owner.caller.candidates.promote({
        projectId: t.project.id,
        candidateId: c.id,
        datasetId: ds.id,
        partition: "golden",
        expectedOutput: null,
      }),
      "CONFLICT",
    );
    expect((await t.owner.caller.datasets.get({ projectId: t.project.id, datasetId: ds.id })).latestVersion).toBe(1);
  });

  it("judge-only promotion stores a null expected output", async () => {
    const c = await candidate("Write me a poem about refunds");
    const ds = await t.owner.caller.datasets.create({ projectId: t.project.id, name: "judge-only" });
    const res = await t.owner.caller.candidates.promote({
      projectId: t.project.id,
      candidateId: c.id,
      datasetId: ds.id,
      partition: "distribution",
      expectedOutput: null,
    });
    const item = await t.owner.caller.datasets.item({ projectId: t.project.id, datasetId: ds.id, itemId: res.itemId });
    expect(item.expectedOutput).toBeNull();
  });

  it("promotion into another project's dataset is NOT_FOUND and changes nothing", async () => {
    const c = await candidate("Is there a student discount?");
    const other = await newTenant("cand-victim");
    const theirs = await other.owner.caller.datasets.create({ projectId: other.project.id, name: "theirs" });
    const err = await expectTrpcError(
      t.owner.caller.candidates.promote({
        projectId: t.project.id,
        candidateId: c.id,
        datasetId: theirs.id,
        partition: "golden",
        expectedOutput: "x",
      }),
      "NOT_FOUND",
    );
    expect(err.message).toMatch(/dataset not found/i);
    expect(
      (await other.owner.caller.datasets.get({ projectId: other.project.id, datasetId: theirs.id })).latestVersion,
    ).toBe(0);
    expect((await t.owner.caller.candidates.get({ projectId: t.project.id, candidateId: c.id })).status).toBe("open");
  });

  it("a failing promotion (bad partition) is refused and leaves the candidate open", async () => {
    const c = await candidate("Where is my order?");
    const ds = await t.owner.caller.datasets.create({ projectId: t.project.id, name: "bad-input" });
    await expectTrpcError(
      t.owner.caller.candidates.promote({
        projectId: t.project.id,
        candidateId: c.id,
        datasetId: ds.id,
        partition: "silver" as "golden",
        expectedOutput: "x",
      }),
      "BAD_REQUEST",
    );
    expect((await t.owner.caller.candidates.get({ projectId: t.project.id, candidateId: c.id })).status).toBe("open");
    expect((await t.owner.caller.datasets.get({ projectId: t.project.id, datasetId: ds.id })).latestVersion).toBe(0);
  });

  it("reject needs a reason, stores it with the reviewer; reopen puts it back", async () => {
    const c = await candidate("asdfgh");
    await expectTrpcError(
      t.owner.caller.candidates.reject({ projectId: t.project.id, candidateId: c.id, reason: "  " }),
      "BAD_REQUEST",
    );
    await t.owner.caller.candidates.reject({
      projectId: t.project.id,
      candidateId: c.id,
      reason: "Gibberish, not a real question",
    });
    const rejected = await t.owner.caller.candidates.get({ projectId: t.project.id, candidateId: c.id });
    expect(rejected).toMatchObject({
      status: "rejected",
      rejectReason: "Gibberish, not a real question",
      reviewedByName: "cand-review",
    });
    await t.owner.caller.candidates.reopen({ projectId: t.project.id, candidateId: c.id });
    expect((await t.owner.caller.candidates.get({ projectId: t.project.id, candidateId: c.id })).status).toBe("open");
  });
});

describe("candidates: tenancy and roles", () => {
  it("another tenant gets NOT_FOUND for every candidates procedure; a VIEWER reads only; rules need ADMIN", async () => {
    const a = await newTenant("cand-a");
    const b = await newTenant("cand-b");
    const kb = await keys(b);
    const traceId = await chatTrace(kb.ingest, "B's private question");
    await send(kb.feedback, [ev("feedback-create", { traceId, thumbs: "down" })]);
    const bCand = (await b.owner.caller.candidates.list({ projectId: b.project.id })).items[0]!;
    const bDs = await b.owner.caller.datasets.create({ projectId: b.project.id, name: "b-ds" });
    const rule = await b.owner.caller.candidates.setRule({ projectId: b.project.id, scoreName: "q", below: 1 });
    const proj = { projectId: b.project.id };
    const calls = (c: typeof a.owner.caller): Array<[string, () => Promise<unknown>]> => [
      ["list", () => c.candidates.list(proj)],
      ["get", () => c.candidates.get({ ...proj, candidateId: bCand.id })],
      [
        "promote",
        () =>
          c.candidates.promote({
            ...proj,
            candidateId: bCand.id,
            datasetId: bDs.id,
            partition: "golden",
            expectedOutput: "x",
          }),
      ],
      ["reject", () => c.candidates.reject({ ...proj, candidateId: bCand.id, reason: "x" })],
      ["reopen", () => c.candidates.reopen({ ...proj, candidateId: bCand.id })],
      ["backfill", () => c.candidates.backfill({ ...proj, days: 1 })],
      ["rules", () => c.candidates.rules(proj)],
      ["setRule", () => c.candidates.setRule({ ...proj, scoreName: "x", below: 1 })],
      ["deleteRule", () => c.candidates.deleteRule({ ...proj, ruleId: rule.id })],
    ];
    for (const [name, call] of calls(a.owner.caller)) {
      await expectTrpcError(call(), "NOT_FOUND").catch((e: Error) => {
        throw new Error(`${name}: ${e.message}`);
      });
    }
    expect((await b.owner.caller.candidates.get({ ...proj, candidateId: bCand.id })).status).toBe("open");
    expect(await b.owner.caller.candidates.rules(proj)).toHaveLength(1);

    const viewer = await addMember(b, "VIEWER");
    const member = await addMember(b, "MEMBER");
    const forbidden = new Set(["promote", "reject", "reopen", "backfill", "setRule", "deleteRule"]);
    for (const [name, call] of calls(viewer.caller)) {
      if (forbidden.has(name)) await expectTrpcError(call(), "FORBIDDEN");
      else await call();
    }
    await expectTrpcError(member.caller.candidates.setRule({ ...proj, scoreName: "x", below: 1 }), "FORBIDDEN");
    await expectTrpcError(member.caller.candidates.deleteRule({ ...proj, ruleId: rule.id }), "FORBIDDEN");
    await member.caller.candidates.reject({ ...proj, candidateId: bCand.id, reason: "member may review" });
  });
});
