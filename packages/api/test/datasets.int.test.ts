// Dataset and item CRUD, versions from item edits, items from traces, roles and tenant isolation.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { ingestEvents } from "@yardstick/server/services/ingestion";
import { datasetsTenant, GOOD, type DatasetsTenant, type Tenant } from "./datasets-fixtures";
import { addMember, expectTrpcError, newTenant } from "./helpers";

describe("datasets", () => {
  let t: Tenant, c: Tenant["owner"]["caller"], projectId: string, newDataset: DatasetsTenant["newDataset"];
  beforeAll(async () => {
    ({ t, c, projectId, newDataset } = await datasetsTenant());
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
