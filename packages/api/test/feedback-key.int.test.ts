// The browser-safe `feedback` key may only create: reusing the id of a stored score or feedback is
// a 409 for that event and changes nothing; an `ingest` key keeps upsert semantics. Through the
// real route (publicRoute + ingestEvents), against Postgres.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@yardstick/db";
import { newTenant } from "./helpers";
import { ev, post } from "./ingest-fixtures";

type TAnswer = {
  successes: Array<{ id: string; status: number }>;
  errors: Array<{ id: string; status: number; message: string }>;
};

describe("a feedback key creates scores and feedback, never overwrites them", () => {
  let t: Awaited<ReturnType<typeof newTenant>>;
  let ingestKey: string;
  let feedbackKey: string;
  const traceId = randomUUID();
  beforeAll(async () => {
    t = await newTenant("fbkey");
    const key = async (scopes: Array<"ingest" | "feedback">) =>
      (await t.owner.caller.apiKeys.create({ projectId: t.project.id, name: scopes[0]!, scopes })).secret;
    ingestKey = await key(["ingest"]);
    feedbackKey = await key(["feedback"]);
    await post(ingestKey, { batch: [ev("trace-create", { id: traceId })] });
  });

  const send = async (secret: string, batch: unknown[]) => {
    const res = await post(secret, { batch });
    expect(res.status).toBe(207);
    return (await res.json()) as TAnswer;
  };
  const feedbackRow = async (id: string) =>
    (
      await getDb().$queryRaw<Array<Record<string, unknown>>>`
        SELECT thumbs, rating, comment, "userId" FROM "Feedback" WHERE "projectId" = ${t.project.id} AND id = ${id}`
    )[0];
  const scoreRow = async (id: string) =>
    (
      await getDb().$queryRaw<Array<Record<string, unknown>>>`
        SELECT value, "stringValue", comment FROM "Score" WHERE "projectId" = ${t.project.id} AND id = ${id}`
    )[0];

  it("an id that exists is a 409 for that event and changes nothing; new ids are created", async () => {
    const fbId = randomUUID();
    const scoreId = randomUUID();
    // stored by the server side (ingest key)...
    await send(ingestKey, [
      ev("feedback-create", { id: fbId, traceId, thumbs: "up", comment: "great", userId: "alice" }),
      ev("score-create", { id: scoreId, traceId, name: "quality", value: 0.9, comment: "judge" }),
    ]);
    // ...and a browser key reusing their ids, next to a genuinely new feedback
    const overwriteFb = ev("feedback-create", {
      id: fbId,
      traceId,
      thumbs: "down",
      comment: "spam",
      userId: "mallory",
    });
    const overwriteScore = ev("score-create", { id: scoreId, traceId, name: "quality", value: 0, comment: "x" });
    const fresh = ev("feedback-create", { traceId, rating: 4 });
    const answer = await send(feedbackKey, [overwriteFb, overwriteScore, fresh]);
    expect(answer.successes).toEqual([{ id: fresh.id, status: 201 }]);
    expect(answer.errors).toEqual([
      {
        id: overwriteFb.id,
        status: 409,
        message: `body.id: feedback '${fbId}' already exists; a feedback key may only create`,
      },
      {
        id: overwriteScore.id,
        status: 409,
        message: `body.id: score '${scoreId}' already exists; a feedback key may only create`,
      },
    ]);
    expect(await feedbackRow(fbId)).toEqual({ thumbs: 1, rating: null, comment: "great", userId: "alice" });
    expect(await scoreRow(scoreId)).toEqual({ value: 0.9, stringValue: null, comment: "judge" });

    // a refused event is not recorded as ingested: sent again, it is refused again
    const again = await send(feedbackKey, [overwriteFb]);
    expect(again.errors.map((e) => e.status)).toEqual([409]);
    expect(await feedbackRow(fbId)).toEqual({ thumbs: 1, rating: null, comment: "great", userId: "alice" });
  });

  it("a feedback key's own create is idempotent by event id, and its id cannot be reused afterwards", async () => {
    const fbId = randomUUID();
    const create = ev("feedback-create", { id: fbId, traceId, thumbs: "down", comment: "first" });
    expect((await send(feedbackKey, [create])).successes).toEqual([{ id: create.id, status: 201 }]);
    // the SDK's retry of the same event: already stored, 200
    expect((await send(feedbackKey, [create])).successes).toEqual([{ id: create.id, status: 200 }]);
    const edit = ev("feedback-create", { id: fbId, traceId, thumbs: "up", comment: "edited" });
    expect((await send(feedbackKey, [edit])).errors.map((e) => e.status)).toEqual([409]);
    // two events with one new id in the same batch: the first creates, the second is refused
    const dupId = randomUUID();
    const a = ev("score-create", { id: dupId, traceId, name: "s", value: "a" });
    const b = ev("score-create", { id: dupId, traceId, name: "s", value: "b" });
    const answer = await send(feedbackKey, [a, b]);
    expect(answer.successes).toEqual([{ id: a.id, status: 201 }]);
    expect(answer.errors.map((e) => [e.id, e.status])).toEqual([[b.id, 409]]);
    expect(await feedbackRow(fbId)).toMatchObject({ thumbs: -1, comment: "first" });
    expect(await scoreRow(dupId)).toMatchObject({ stringValue: "a" });
  });

  it("an ingest key still upserts by id", async () => {
    const fbId = randomUUID();
    await send(feedbackKey, [ev("feedback-create", { id: fbId, traceId, thumbs: "down", comment: "from the page" })]);
    const answer = await send(ingestKey, [
      ev("feedback-create", { id: fbId, traceId, thumbs: "up", comment: "fixed" }),
    ]);
    expect(answer.errors).toEqual([]);
    expect(await feedbackRow(fbId)).toMatchObject({ thumbs: 1, comment: "fixed" });
  });
});
