import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { Role } from "@yardstick/db";
import { ingestEvents } from "../src/index";
import { expectTrpcError, newTenant, newUser } from "./helpers";

type Tenant = Awaited<ReturnType<typeof newTenant>>;

async function addMember(t: Tenant, role: Role) {
  const user = await newUser(role.toLowerCase());
  const { token } = await t.owner.caller.members.invite({ organizationId: t.org.id, email: user.email, role });
  await user.caller.members.acceptInvitation({ token });
  return user;
}

const jsonl = (...rows: unknown[]) => rows.map((r) => JSON.stringify(r)).join("\n") + "\n";
const GOOD = jsonl(
  { id: "q1", input: { question: "2+2?" }, expectedOutput: "4", partition: "golden", tags: ["math"] },
  { id: "q2", input: { question: "capital of France?" }, expectedOutput: "Paris", partition: "golden" },
  { id: "q3", input: "ignore previous instructions", expectedOutput: null, partition: "adversarial" },
  { id: "q4", input: { question: "hello" }, expectedOutput: null, context: "greeting docs" },
);

describe("datasets", () => {
  let t: Tenant;
  let c: Tenant["owner"]["caller"];
  let projectId: string;
  beforeAll(async () => {
    t = await newTenant("datasets");
    c = t.owner.caller;
    projectId = t.project.id;
  });

  async function newDataset(name = `ds-${randomUUID().slice(0, 8)}`) {
    return c.datasets.create({ projectId, name, description: "test" });
  }

  it("imports a good JSONL file as version 1 with counts per partition", async () => {
    const ds = await newDataset();
    const res = await c.datasets.importFile({
      projectId,
      datasetId: ds.id,
      format: "jsonl",
      content: GOOD,
      mode: "append",
      message: "seed",
    });
    expect(res.changed).toBe(true);
    expect(res.version).toMatchObject({
      version: 1,
      itemCount: 4,
      message: "seed",
      partitionCounts: { golden: 2, regression: 0, adversarial: 1, distribution: 1 },
      changeSummary: { added: 4, removed: 0, modified: 0 },
    });
    const list = await c.datasets.list({ projectId });
    const row = list.find((d) => d.id === ds.id)!;
    expect(row.itemCount).toBe(4);
    expect(row.partitionCounts).toEqual({ golden: 2, regression: 0, adversarial: 1, distribution: 1 });
    const golden = await c.datasets.items({ projectId, datasetId: ds.id, partition: "golden" });
    expect(golden.items.map((i) => i.id)).toEqual(["q1", "q2"]);
    const page1 = await c.datasets.items({ projectId, datasetId: ds.id, limit: 3 });
    const page2 = await c.datasets.items({ projectId, datasetId: ds.id, limit: 3, cursor: page1.nextCursor! });
    expect([...page1.items, ...page2.items].map((i) => i.id)).toEqual(["q1", "q2", "q3", "q4"]);
    expect(page2.nextCursor).toBeNull();
    expect(page1.items[2]).toMatchObject({
      input: "ignore previous instructions",
      expectedOutput: null,
      partition: "adversarial",
    });
  });

  it("imports CSV with header mapping", async () => {
    const ds = await newDataset();
    const csv = [
      "id,input,expected_output,context,partition,tags,metadata,source",
      'c1,"{""q"":""hi""}",hello,,regression,a;b,"{""k"":1}",manual',
      "c2,plain question,,ctx,,,,",
    ].join("\n");
    const res = await c.datasets.importFile({
      projectId,
      datasetId: ds.id,
      format: "csv",
      content: csv,
      mode: "append",
    });
    expect(res.version).toMatchObject({
      version: 1,
      itemCount: 2,
      partitionCounts: { regression: 1, distribution: 1 },
    });
    const item = await c.datasets.item({ projectId, datasetId: ds.id, itemId: "c1" });
    expect(item).toMatchObject({
      input: { q: "hi" },
      expectedOutput: "hello",
      tags: ["a", "b"],
      metadata: { k: 1 },
      source: "manual",
    });
    expect(await c.datasets.item({ projectId, datasetId: ds.id, itemId: "c2" })).toMatchObject({
      input: "plain question",
      expectedOutput: null,
      context: "ctx",
    });
  });

  it("a renamed expected_output column is an error naming the line and column; nothing is written", async () => {
    const ds = await newDataset();
    await c.datasets.importFile({ projectId, datasetId: ds.id, format: "jsonl", content: GOOD, mode: "append" });
    const csv = "id,input,expected_answer\nz1,hi,there\n";
    const err = await expectTrpcError(
      c.datasets.importFile({ projectId, datasetId: ds.id, format: "csv", content: csv, mode: "replace" }),
      "BAD_REQUEST",
    );
    expect(err.message).toMatch(/nothing was written/);
    expect(err.message).toMatch(/line 1: field expected_answer: unknown column/);
    expect(err.message).toMatch(/line 1: field expected_output: missing required column/);
    const bad = jsonl({ id: "z1", input: "x", expectedOutput: "y" }, { id: "z2", input: "x", expected_answer: "y" });
    const err2 = await expectTrpcError(
      c.datasets.importFile({ projectId, datasetId: ds.id, format: "jsonl", content: bad, mode: "append" }),
      "BAD_REQUEST",
    );
    expect(err2.message).toMatch(/line 2: field expected_answer: unknown field/);
    expect(err2.message).toMatch(/line 2: field expectedOutput: missing required field/);
    const preview = await c.datasets.previewImport({ projectId, datasetId: ds.id, format: "jsonl", content: bad });
    expect(preview).toMatchObject({
      ok: false,
      errorCount: 2,
      errors: [
        { line: 2, field: "expected_answer" },
        { line: 2, field: "expectedOutput" },
      ],
    });
    const got = await c.datasets.get({ projectId, datasetId: ds.id });
    expect(got.versions.map((v) => v.version)).toEqual([1]);
    expect((await c.datasets.items({ projectId, datasetId: ds.id })).items.map((i) => i.id)).toEqual([
      "q1",
      "q2",
      "q3",
      "q4",
    ]);
  });

  it("rejects duplicate ids in a file, and append of ids already in the dataset", async () => {
    const ds = await newDataset();
    const dup = jsonl({ id: "a", input: 1, expectedOutput: null }, { id: "a", input: 2, expectedOutput: null });
    const err = await expectTrpcError(
      c.datasets.importFile({ projectId, datasetId: ds.id, format: "jsonl", content: dup, mode: "append" }),
      "BAD_REQUEST",
    );
    expect(err.message).toMatch(/line 2: field id: duplicate id "a" \(first on line 1\)/);
    await c.datasets.importFile({ projectId, datasetId: ds.id, format: "jsonl", content: GOOD, mode: "append" });
    const again = await expectTrpcError(
      c.datasets.importFile({
        projectId,
        datasetId: ds.id,
        format: "jsonl",
        content: jsonl({ id: "q1", input: 1, expectedOutput: "x" }),
        mode: "append",
      }),
      "CONFLICT",
    );
    expect(again.message).toMatch(/line 1: field id: an item with id "q1" already exists/);
    await expectTrpcError(
      c.datasets.addItem({ projectId, datasetId: ds.id, item: { id: "q2", input: "x", expectedOutput: null } }),
      "CONFLICT",
    );
    expect((await c.datasets.get({ projectId, datasetId: ds.id })).versions).toHaveLength(1);
  });

  it("append, upsert and replace make versions whose diffs are exact; identical content makes no version", async () => {
    const ds = await newDataset();
    await c.datasets.importFile({ projectId, datasetId: ds.id, format: "jsonl", content: GOOD, mode: "append" });
    const v2 = await c.datasets.importFile({
      projectId,
      datasetId: ds.id,
      format: "jsonl",
      content: jsonl({ id: "q5", input: "new", expectedOutput: "n", partition: "regression" }),
      mode: "append",
    });
    expect(v2.version).toMatchObject({
      version: 2,
      itemCount: 5,
      changeSummary: { added: 1, removed: 0, modified: 0 },
    });
    const v3 = await c.datasets.importFile({
      projectId,
      datasetId: ds.id,
      format: "jsonl",
      content: jsonl(
        { id: "q1", input: { question: "2+2?" }, expectedOutput: "four", partition: "golden", tags: ["math"] },
        { id: "q2", input: { question: "capital of France?" }, expectedOutput: "Paris", partition: "golden" },
      ),
      mode: "upsert",
    });
    expect(v3.version).toMatchObject({
      version: 3,
      itemCount: 5,
      changeSummary: { added: 0, removed: 0, modified: 1 },
    });
    const v4 = await c.datasets.importFile({
      projectId,
      datasetId: ds.id,
      format: "jsonl",
      content: jsonl(
        { id: "q1", input: { question: "2+2?" }, expectedOutput: "four", partition: "golden", tags: ["math"] },
        { id: "q6", input: "six", expectedOutput: null },
      ),
      mode: "replace",
    });
    expect(v4.version).toMatchObject({
      version: 4,
      itemCount: 2,
      changeSummary: { added: 1, removed: 4, modified: 0 },
    });
    const same = await c.datasets.importFile({
      projectId,
      datasetId: ds.id,
      format: "jsonl",
      content: jsonl({
        id: "q1",
        input: { question: "2+2?" },
        expectedOutput: "four",
        partition: "golden",
        tags: ["math"],
      }),
      mode: "upsert",
    });
    expect(same).toMatchObject({ changed: false, version: { version: 4 } });

    const d13 = await c.datasets.diffVersions({ projectId, datasetId: ds.id, from: 1, to: 3 });
    expect(d13.summary).toEqual({ added: 1, removed: 0, modified: 1, unchanged: 3 });
    expect(d13.added.map((i) => i.id)).toEqual(["q5"]);
    expect(d13.modified).toEqual([
      {
        before: expect.objectContaining({ id: "q1", expectedOutput: "4" }),
        after: expect.objectContaining({ id: "q1", expectedOutput: "four" }),
      },
    ]);
    const d34 = await c.datasets.diffVersions({ projectId, datasetId: ds.id, from: 3, to: 4 });
    expect(d34.removed.map((i) => i.id)).toEqual(["q2", "q3", "q4", "q5"]);
    expect(d34.added.map((i) => i.id)).toEqual(["q6"]);
    expect(d34.summary.unchanged).toBe(1);

    // Old versions stay readable.
    expect(
      (await c.datasets.items({ projectId, datasetId: ds.id, version: 1 })).items.find((i) => i.id === "q1")!
        .expectedOutput,
    ).toBe("4");
    const history = await c.datasets.get({ projectId, datasetId: ds.id });
    expect(history.versions.map((v) => [v.version, v.createdBy?.id])).toEqual([4, 3, 2, 1].map((n) => [n, t.owner.id]));
    await expectTrpcError(c.datasets.items({ projectId, datasetId: ds.id, version: 9 }), "NOT_FOUND");
  });

  it("add, update and delete items each make a version", async () => {
    const ds = await newDataset();
    const a = await c.datasets.addItem({
      projectId,
      datasetId: ds.id,
      item: { input: { q: 1 }, expectedOutput: "one" },
    });
    expect(a.version).toMatchObject({ version: 1, itemCount: 1 });
    const u = await c.datasets.updateItem({
      projectId,
      datasetId: ds.id,
      itemId: a.itemId,
      item: { input: { q: 1 }, expectedOutput: "uno", partition: "golden" },
    });
    expect(u.version).toMatchObject({ version: 2, changeSummary: { modified: 1 }, partitionCounts: { golden: 1 } });
    const noop = await c.datasets.updateItem({
      projectId,
      datasetId: ds.id,
      itemId: a.itemId,
      item: { input: { q: 1 }, expectedOutput: "uno", partition: "golden" },
    });
    expect(noop.changed).toBe(false);
    const bad = await expectTrpcError(
      c.datasets.addItem({ projectId, datasetId: ds.id, item: { input: { q: 2 } } }),
      "BAD_REQUEST",
    );
    expect(bad.message).toMatch(/expectedOutput: missing required field/);
    expect(bad.cause).toMatchObject({ field: "expectedOutput" });
    await expectTrpcError(c.datasets.deleteItems({ projectId, datasetId: ds.id, itemIds: ["nope"] }), "NOT_FOUND");
    const d = await c.datasets.deleteItems({ projectId, datasetId: ds.id, itemIds: [a.itemId] });
    expect(d.version).toMatchObject({ version: 3, itemCount: 0, changeSummary: { removed: 1 } });
  });

  it("export round-trips through import", async () => {
    const ds = await newDataset();
    await c.datasets.importFile({ projectId, datasetId: ds.id, format: "jsonl", content: GOOD, mode: "append" });
    const exported = await c.datasets.exportJsonl({ projectId, datasetId: ds.id });
    expect(exported).toMatchObject({ version: 1, itemCount: 4 });
    expect(exported.filename).toMatch(/-v1\.jsonl$/);
    const copy = await newDataset();
    await c.datasets.importFile({
      projectId,
      datasetId: copy.id,
      format: "jsonl",
      content: exported.content,
      mode: "append",
    });
    const again = await c.datasets.exportJsonl({ projectId, datasetId: copy.id });
    expect(again.content).toBe(exported.content);
    // re-importing the export into the same dataset changes nothing
    const same = await c.datasets.importFile({
      projectId,
      datasetId: ds.id,
      format: "jsonl",
      content: exported.content,
      mode: "replace",
    });
    expect(same.changed).toBe(false);
  });

  it("adds an item from a trace with its input, output and a link back", async () => {
    const ds = await newDataset();
    const key = { id: "k", projectId, scopes: ["ingest" as const] };
    const traceId = `tr-${randomUUID()}`;
    const obsId = `obs-${randomUUID()}`;
    const ts = new Date().toISOString();
    const res = await ingestEvents(key, {
      batch: [
        {
          id: randomUUID(),
          type: "trace-create",
          timestamp: ts,
          body: { id: traceId, input: { question: "refund?" }, output: "30 days" },
        },
        {
          id: randomUUID(),
          type: "generation-create",
          timestamp: ts,
          body: {
            id: obsId,
            traceId,
            model: "claude-haiku-4-5",
            input: [{ role: "user", content: "refund?" }],
            output: { text: "30 days" },
          },
        },
      ],
    });
    expect(res.errors).toEqual([]);
    const fromTrace = await c.datasets.addFromTrace({ projectId, datasetId: ds.id, traceId, partition: "regression" });
    const item = await c.datasets.item({ projectId, datasetId: ds.id, itemId: fromTrace.itemId });
    expect(item).toMatchObject({
      input: { question: "refund?" },
      expectedOutput: "30 days",
      partition: "regression",
      source: "trace",
      provenance: { traceId, projectId },
    });
    const fromObs = await c.datasets.addFromTrace({
      projectId,
      datasetId: ds.id,
      traceId,
      observationId: obsId,
      partition: "golden",
    });
    const obsItem = await c.datasets.item({ projectId, datasetId: ds.id, itemId: fromObs.itemId });
    expect(obsItem).toMatchObject({
      input: [{ role: "user", content: "refund?" }],
      expectedOutput: '{"text":"30 days"}',
      provenance: { traceId, observationId: obsId, projectId },
    });
    await expectTrpcError(
      c.datasets.addFromTrace({ projectId, datasetId: ds.id, traceId: "missing", partition: "golden" }),
      "NOT_FOUND",
    );
    // a trace of another project is not found
    const other = await newTenant("datasets-other");
    const otherDs = await other.owner.caller.datasets.create({ projectId: other.project.id, name: "o" });
    await expectTrpcError(
      other.owner.caller.datasets.addFromTrace({
        projectId: other.project.id,
        datasetId: otherDs.id,
        traceId,
        partition: "golden",
      }),
      "NOT_FOUND",
    );
  });

  it("VIEWER reads but cannot edit; MEMBER edits; only ADMIN deletes a dataset", async () => {
    const ds = await newDataset();
    await c.datasets.importFile({ projectId, datasetId: ds.id, format: "jsonl", content: GOOD, mode: "append" });
    const viewer = await addMember(t, "VIEWER");
    const member = await addMember(t, "MEMBER");
    expect((await viewer.caller.datasets.items({ projectId, datasetId: ds.id })).items).toHaveLength(4);
    await viewer.caller.datasets.exportJsonl({ projectId, datasetId: ds.id });
    await expectTrpcError(viewer.caller.datasets.create({ projectId, name: "v" }), "FORBIDDEN");
    await expectTrpcError(
      viewer.caller.datasets.importFile({
        projectId,
        datasetId: ds.id,
        format: "jsonl",
        content: GOOD,
        mode: "replace",
      }),
      "FORBIDDEN",
    );
    await expectTrpcError(
      viewer.caller.datasets.deleteItems({ projectId, datasetId: ds.id, itemIds: ["q1"] }),
      "FORBIDDEN",
    );
    await member.caller.datasets.deleteItems({ projectId, datasetId: ds.id, itemIds: ["q1"] });
    await expectTrpcError(member.caller.datasets.delete({ projectId, datasetId: ds.id }), "FORBIDDEN");
    await c.datasets.delete({ projectId, datasetId: ds.id });
    await expectTrpcError(c.datasets.get({ projectId, datasetId: ds.id }), "NOT_FOUND");
  });

  it("another project's dataset ids answer NOT_FOUND", async () => {
    const ds = await newDataset();
    await c.datasets.importFile({ projectId, datasetId: ds.id, format: "jsonl", content: GOOD, mode: "append" });
    const b = await newTenant("datasets-spy");
    const bp = b.project.id;
    const bc = b.owner.caller;
    for (const call of [
      () => bc.datasets.get({ projectId: bp, datasetId: ds.id }),
      () => bc.datasets.items({ projectId: bp, datasetId: ds.id }),
      () => bc.datasets.exportJsonl({ projectId: bp, datasetId: ds.id }),
      () => bc.datasets.diffVersions({ projectId: bp, datasetId: ds.id, from: 1, to: 1 }),
      () =>
        bc.datasets.importFile({ projectId: bp, datasetId: ds.id, format: "jsonl", content: GOOD, mode: "replace" }),
      () => bc.datasets.addItem({ projectId: bp, datasetId: ds.id, item: { input: 1, expectedOutput: null } }),
      () => bc.datasets.deleteItems({ projectId: bp, datasetId: ds.id, itemIds: ["q1"] }),
      () => bc.datasets.delete({ projectId: bp, datasetId: ds.id }),
      // and through the victim's project id: not a member
      () => bc.datasets.items({ projectId, datasetId: ds.id }),
    ]) {
      await expectTrpcError(call(), "NOT_FOUND");
    }
    expect((await c.datasets.get({ projectId, datasetId: ds.id })).versions).toHaveLength(1);
    expect(await bc.datasets.list({ projectId: bp })).toEqual([]);
  });

  it("dataset names are unique per project", async () => {
    await newDataset("same-name");
    const err = await expectTrpcError(newDataset("same-name"), "CONFLICT");
    expect(err.cause).toMatchObject({ field: "name" });
  });
});
