// Values that pass the JSON format but not Postgres (a lone UTF-16 surrogate, a date outside
// timestamptz's years, a NUL in the envelope, nesting past the depth limit): each fails only its
// own event with a 400 naming the field; its siblings are stored; never a 500. The fuzz test
// (fuzz.int.test.ts) generates these shapes; these are the readable examples.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@yardstick/db";
import { newTenant } from "./helpers";
import { ev, post } from "./ingest-fixtures";

describe("POST /api/public/ingestion with values Postgres refuses", () => {
  let t: Awaited<ReturnType<typeof newTenant>>;
  let key: string;
  beforeAll(async () => {
    t = await newTenant("hostile");
    key = (await t.owner.caller.apiKeys.create({ projectId: t.project.id, name: "h", scopes: ["ingest"] })).secret;
  });

  const storedTraces = async (ids: string[]) =>
    (
      await getDb().$queryRaw<Array<{ id: string }>>`
        SELECT id FROM "Trace" WHERE "projectId" = ${t.project.id} AND id = ANY(${ids}) ORDER BY id`
    ).map((r) => r.id);

  it("each bad event gets a 400 naming its field; the valid ones in the same batch are stored", async () => {
    const good = [randomUUID(), randomUUID()].sort();
    const bad = {
      surrogate: ev("generation-create", { traceId: good[0], output: "an emoji cut mid-way: \ud83d" }),
      surrogateKey: ev("trace-create", { id: randomUUID(), metadata: { "k\udc00": 1 } }),
      year0: ev("trace-create", { id: randomUUID(), timestamp: "0000-01-01T00:00:00Z" }),
      offsetPastYear1: ev("span-create", { traceId: good[0], startTime: "0001-01-01T00:00:00+01:00" }),
      offsetPast9999: ev("span-create", { traceId: good[0], endTime: "9999-12-31T23:59:59-05:00" }),
      envelopeDate: ev("trace-create", { id: randomUUID() }, randomUUID(), "0000-06-01T00:00:00Z"),
      nulId: ev("trace-create", { id: randomUUID() }, `e-${randomUUID()}\u0000`),
      nulMetadataKey: { ...ev("trace-create", { id: randomUUID() }), metadata: { "source\u0000": "web" } },
      deep: ev("trace-create", { id: randomUUID(), input: "__DEEP__" }),
    };
    const batch = [
      ev("trace-create", { id: good[0], name: "kept", output: "whole pairs are fine 😀" }),
      ...Object.values(bad),
      ev("trace-create", { id: good[1], name: "kept too" }),
    ];
    // 10,000 nested arrays: past what JSON.stringify can write, so spliced in as text
    const text = JSON.stringify({ batch }).replace('"__DEEP__"', `${"[".repeat(10_000)}"x"${"]".repeat(10_000)}`);
    const res = await post(key, text);
    expect(res.status).toBe(207);
    const body = (await res.json()) as {
      successes: Array<{ id: string; status: number }>;
      errors: Array<{ id: string; status: number; message: string }>;
    };
    expect(body.successes).toEqual([
      { id: batch[0]!.id, status: 201 },
      { id: batch.at(-1)!.id, status: 201 },
    ]);
    const message = Object.fromEntries(body.errors.map((e) => [e.id, e.message]));
    expect(body.errors.every((e) => e.status === 400)).toBe(true);
    expect(message[bad.surrogate.id]).toMatch(/^batch\.1\.body\.output: lone surrogate/);
    expect(message[bad.surrogateKey.id]).toMatch(/^batch\.2\.body\.metadata\.k\udc00: lone surrogate/);
    expect(message[bad.year0.id]).toBe("batch.3.body.timestamp: must lie in years 1-9999 (UTC)");
    expect(message[bad.offsetPastYear1.id]).toBe("batch.4.body.startTime: must lie in years 1-9999 (UTC)");
    expect(message[bad.offsetPast9999.id]).toBe("batch.5.body.endTime: must lie in years 1-9999 (UTC)");
    expect(message[bad.envelopeDate.id]).toBe("batch.6.timestamp: must lie in years 1-9999 (UTC)");
    expect(message[bad.nulId.id]).toMatch(/^batch\.7\.id: contains a NUL character/);
    expect(message[bad.nulMetadataKey.id]?.startsWith("batch.8.metadata.source\u0000: contains a NUL")).toBe(true);
    expect(message[bad.deep.id]).toMatch(/^batch\.9\.body\.input(\.0)+: nested deeper than 64 levels/);
    expect(await storedTraces([...good, bad.surrogateKey.body.id, bad.year0.body.id] as string[])).toEqual(good);
  });

  it(`nesting up to the limit is stored and read back whole`, async () => {
    const id = randomUUID();
    // event (1) → body (2) → input (3) → 61 more arrays: level 64
    let input: unknown = "bottom";
    for (let i = 0; i < 62; i++) input = [input];
    const res = await post(key, { batch: [ev("trace-create", { id, input })] });
    expect((await res.json()).errors).toEqual([]);
    const [row] = await getDb().$queryRaw<Array<{ input: unknown }>>`
      SELECT input FROM "Trace" WHERE "projectId" = ${t.project.id} AND id = ${id}`;
    expect(row!.input).toEqual(input);
  });
});
