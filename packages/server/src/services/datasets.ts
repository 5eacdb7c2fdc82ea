// Datasets and their items: create, edit, delete, list, versions and diffs (import/export: dataset-import-export.ts).
import { createHash, randomUUID } from "node:crypto";
import {
  canonicalJson,
  countPartitions,
  validateDatasetItem,
  type TDatasetItem,
  type TDatasetItemFields,
  type TDatasetPartition,
  type TImportIssue,
} from "@yardstick/core/datasets";
import {
  commitDatasetVersion,
  deleteDatasetRow,
  findDatasetRow,
  findDatasetVersionRow,
  findRevisionRows,
  findTraceWithDetails,
  findVersionItem,
  insertDataset,
  listDatasetRows,
  listDatasetVersionRows,
  listVersionItemRows,
  listVersionMembers,
  updateDatasetRow,
  type TDatasetMember,
  type TNewRevision,
  type TVersionPlan,
} from "@yardstick/db";
import { AppError } from "../errors";

// Datasets are versioned: every change writes a new immutable version (a set of item revisions)
// in one transaction, or nothing at all. A change that changes nothing writes no version.

export function itemContentHash(fields: TDatasetItemFields): string {
  return createHash("sha256").update(canonicalJson(fields)).digest("hex");
}

export function newItemKey(): string {
  return randomUUID();
}

type TRevisionRow = Awaited<ReturnType<typeof findRevisionRows>>[number];
export function toItem(r: TRevisionRow): TDatasetItem & { revisionId: string; createdAt: Date } {
  return {
    id: r.itemKey,
    revisionId: r.id,
    input: r.input,
    expectedOutput: r.expectedOutput,
    context: r.context,
    partition: r.partition,
    tags: r.tags,
    metadata: (r.metadata as Record<string, unknown> | null) ?? null,
    source: r.source,
    provenance: (r.provenance as Record<string, unknown> | null) ?? null,
    createdAt: r.createdAt,
  };
}

export async function requireDataset(projectId: string, datasetId: string) {
  const ds = await findDatasetRow(projectId, datasetId);
  if (!ds) throw new AppError("not_found", "Dataset not found");
  return ds;
}

/** The version row for `version` (latest when omitted); null for a dataset with no version yet. */
export async function resolveVersion(ds: { id: string; latestVersion: number }, version?: number) {
  const n = version ?? ds.latestVersion;
  if (n === 0 && version === undefined) return null;
  const row = await findDatasetVersionRow(ds.id, n);
  if (!row) throw new AppError("not_found", `Version ${n} of this dataset does not exist`, "version");
  return row;
}

export async function createDataset(projectId: string, input: { name: string; description?: string | null }) {
  const ds = await insertDataset(projectId, { name: input.name, description: input.description ?? null });
  if (!ds) throw new AppError("conflict", `A dataset named "${input.name}" already exists in this project`, "name");
  return ds;
}

export async function updateDataset(
  projectId: string,
  datasetId: string,
  input: { name?: string; description?: string | null },
) {
  const res = await updateDatasetRow(projectId, datasetId, input);
  if (res === null) throw new AppError("not_found", "Dataset not found");
  if (res === "name_taken")
    throw new AppError("conflict", `A dataset named "${input.name}" already exists in this project`, "name");
  return requireDataset(projectId, datasetId);
}

export async function deleteDataset(projectId: string, datasetId: string) {
  if (!(await deleteDatasetRow(projectId, datasetId))) throw new AppError("not_found", "Dataset not found");
}

/** Datasets with their latest version's item and partition counts. */
export async function listDatasets(projectId: string) {
  const rows = await listDatasetRows(projectId);
  return rows.map(({ versions, ...ds }) => ({
    ...ds,
    latest: versions[0] ?? null,
    itemCount: versions[0]?.itemCount ?? 0,
    partitionCounts:
      (versions[0]?.partitionCounts as Record<TDatasetPartition, number> | undefined) ?? countPartitions([]),
  }));
}

/** A dataset with its version history (newest first), each with who/when/message and what changed. */
export async function getDataset(projectId: string, datasetId: string) {
  const ds = await requireDataset(projectId, datasetId);
  return { ...ds, versions: await listDatasetVersionRows(ds.id) };
}

export async function listDatasetItems(
  projectId: string,
  q: { datasetId: string; version?: number; partition?: TDatasetPartition; cursor?: string; limit?: number },
) {
  const ds = await requireDataset(projectId, q.datasetId);
  const v = await resolveVersion(ds, q.version);
  if (!v) return { version: null, items: [], nextCursor: null };
  const page = await listVersionItemRows(v.id, {
    limit: Math.min(Math.max(q.limit ?? 50, 1), 500),
    ...(q.partition && { partition: q.partition }),
    ...(q.cursor && { cursor: q.cursor }),
  });
  return { version: v, items: page.items.map(toItem), nextCursor: page.nextCursor };
}

class NoChange extends Error {}

/**
 * Runs a plan against the latest version under the dataset's lock and writes the next version.
 * `{changed: false}` when the result equals the latest version (nothing is written).
 */
export async function commit(
  projectId: string,
  datasetId: string,
  userId: string | null,
  message: string | null,
  build: (prev: Map<string, TDatasetMember>) => {
    keep: TDatasetMember[];
    create: TNewRevision[];
    added: number;
    removed: number;
    modified: number;
  },
) {
  try {
    const version = await commitDatasetVersion(projectId, datasetId, userId, (prev): TVersionPlan => {
      const r = build(prev);
      if (r.added + r.removed + r.modified === 0) throw new NoChange();
      return {
        keep: r.keep,
        create: r.create,
        message,
        changeSummary: { added: r.added, removed: r.removed, modified: r.modified },
        partitionCounts: countPartitions([
          ...r.keep.map((m) => m.partition),
          ...r.create.map((c) => c.fields.partition),
        ]),
      };
    });
    if (!version) throw new AppError("not_found", "Dataset not found");
    return { changed: true as const, version };
  } catch (err) {
    if (err instanceof NoChange) {
      const ds = await requireDataset(projectId, datasetId);
      return { changed: false as const, version: await resolveVersion(ds) };
    }
    throw err;
  }
}

function validateOne(raw: unknown): { id: string | undefined; fields: TDatasetItemFields } {
  const issues: TImportIssue[] = [];
  const item = validateDatasetItem(raw, 0, { add: (i) => issues.push(i) });
  if (!item) {
    const first = issues[0]!;
    throw new AppError(
      "invalid_input",
      issues.map((i) => `${i.field ? `${i.field}: ` : ""}${i.message}`).join("; "),
      first.field,
    );
  }
  return item;
}

export async function addDatasetItem(
  projectId: string,
  userId: string | null,
  input: { datasetId: string; item: unknown; message?: string | null },
) {
  const item = validateOne(input.item);
  const key = item.id ?? newItemKey();
  const res = await commit(projectId, input.datasetId, userId, input.message?.trim() || `Add item ${key}`, (prev) => {
    if (prev.has(key)) throw new AppError("conflict", `An item with id "${key}" already exists in this dataset`, "id");
    return {
      keep: [...prev.values()],
      create: [{ itemKey: key, contentHash: itemContentHash(item.fields), fields: item.fields }],
      added: 1,
      removed: 0,
      modified: 0,
    };
  });
  return { ...res, itemId: key };
}

/** Replaces an item's content (its id stays). */
export async function updateDatasetItem(
  projectId: string,
  userId: string | null,
  input: { datasetId: string; itemId: string; item: unknown; message?: string | null },
) {
  const raw = input.item && typeof input.item === "object" ? { ...(input.item as object) } : input.item;
  if (raw && typeof raw === "object" && "id" in raw && (raw as { id: unknown }).id !== input.itemId) {
    throw new AppError("invalid_input", "An item's id cannot be changed; add a new item instead", "id");
  }
  const item = validateOne(raw);
  const contentHash = itemContentHash(item.fields);
  return commit(projectId, input.datasetId, userId, input.message?.trim() || `Edit item ${input.itemId}`, (prev) => {
    const old = prev.get(input.itemId);
    if (!old) throw new AppError("not_found", `Item "${input.itemId}" is not in the latest version`, "itemId");
    if (old.contentHash === contentHash)
      return { keep: [...prev.values()], create: [], added: 0, removed: 0, modified: 0 };
    return {
      keep: [...prev.values()].filter((m) => m.itemKey !== input.itemId),
      create: [{ itemKey: input.itemId, contentHash, fields: item.fields }],
      added: 0,
      removed: 0,
      modified: 1,
    };
  });
}

export async function deleteDatasetItems(
  projectId: string,
  userId: string | null,
  input: { datasetId: string; itemIds: string[]; message?: string | null },
) {
  const ids = new Set(input.itemIds);
  return commit(
    projectId,
    input.datasetId,
    userId,
    input.message?.trim() || `Delete ${ids.size} item${ids.size === 1 ? "" : "s"}`,
    (prev) => {
      const unknown = [...ids].filter((id) => !prev.has(id));
      if (unknown.length) {
        throw new AppError(
          "not_found",
          `Not in the latest version: ${unknown.slice(0, 10).join(", ")}${unknown.length > 10 ? "…" : ""}`,
          "itemIds",
        );
      }
      return {
        keep: [...prev.values()].filter((m) => !ids.has(m.itemKey)),
        create: [],
        added: 0,
        removed: ids.size,
        modified: 0,
      };
    },
  );
}

function outputText(output: unknown): string | null {
  if (output === null || output === undefined) return null;
  return typeof output === "string" ? output : JSON.stringify(output);
}

/**
 * Adds an item made from a trace (or one of its observations): its input, and its output as the
 * expected output unless `expectedOutput` says otherwise. Provenance links back to the trace.
 */
export async function addDatasetItemFromTrace(
  projectId: string,
  userId: string | null,
  input: {
    datasetId: string;
    traceId: string;
    observationId?: string;
    partition: TDatasetPartition;
    expectedOutput?: "trace-output" | "none";
    tags?: string[];
  },
) {
  await requireDataset(projectId, input.datasetId);
  const trace = (await findTraceWithDetails(projectId, input.traceId)) as
    (Record<string, unknown> & { observations: Array<Record<string, unknown>> }) | null;
  if (!trace) throw new AppError("not_found", "Trace not found", "traceId");
  let source: Record<string, unknown> = trace;
  if (input.observationId) {
    const obs = trace.observations.find((o) => o.id === input.observationId);
    if (!obs) throw new AppError("not_found", "Observation not found in this trace", "observationId");
    source = obs;
  }
  if (source.input === null || source.input === undefined) {
    throw new AppError(
      "invalid_input",
      `The ${input.observationId ? "observation" : "trace"} has no input to add`,
      "traceId",
    );
  }
  return addDatasetItem(projectId, userId, {
    datasetId: input.datasetId,
    message: `Add from trace ${input.traceId}`,
    item: {
      input: source.input,
      expectedOutput: input.expectedOutput === "none" ? null : outputText(source.output),
      partition: input.partition,
      tags: input.tags ?? [],
      source: "trace",
      provenance: {
        projectId,
        traceId: input.traceId,
        ...(input.observationId && { observationId: input.observationId }),
      },
    },
  });
}

const DIFF_DETAIL_LIMIT = 500;

/** Items added, removed and modified from version `from` to version `to` (set operations on revisions). */
export async function diffDatasetVersions(projectId: string, input: { datasetId: string; from: number; to: number }) {
  const ds = await requireDataset(projectId, input.datasetId);
  const [a, b] = await Promise.all([resolveVersion(ds, input.from), resolveVersion(ds, input.to)]);
  const [ma, mb] = await Promise.all([listVersionMembers(a!.id), listVersionMembers(b!.id)]);
  const before = new Map(ma.map((m) => [m.itemKey, m]));
  const after = new Map(mb.map((m) => [m.itemKey, m]));
  const added = mb.filter((m) => !before.has(m.itemKey));
  const removed = ma.filter((m) => !after.has(m.itemKey));
  const modified = mb.filter((m) => {
    const old = before.get(m.itemKey);
    return old && old.contentHash !== m.contentHash;
  });
  const byKey = (x: TDatasetMember, y: TDatasetMember) => (x.itemKey < y.itemKey ? -1 : 1);
  const take = (list: TDatasetMember[]) => list.sort(byKey).slice(0, DIFF_DETAIL_LIMIT);
  const [addedT, removedT, modifiedT] = [take(added), take(removed), take(modified)];
  const ids = [...addedT, ...removedT, ...modifiedT]
    .map((m) => m.revisionId)
    .concat(modifiedT.map((m) => before.get(m.itemKey)!.revisionId));
  const revs = new Map((await findRevisionRows(ds.id, ids)).map((r) => [r.id, toItem(r)]));
  return {
    from: input.from,
    to: input.to,
    summary: {
      added: added.length,
      removed: removed.length,
      modified: modified.length,
      unchanged: mb.length - added.length - modified.length,
    },
    added: addedT.map((m) => revs.get(m.revisionId)!),
    removed: removedT.map((m) => revs.get(m.revisionId)!),
    modified: modifiedT.map((m) => ({
      before: revs.get(before.get(m.itemKey)!.revisionId)!,
      after: revs.get(m.revisionId)!,
    })),
    truncated: Math.max(added.length, removed.length, modified.length) > DIFF_DETAIL_LIMIT,
  };
}

/** One item at a version (latest by default). */
export async function getDatasetItem(
  projectId: string,
  input: { datasetId: string; itemId: string; version?: number },
) {
  const ds = await requireDataset(projectId, input.datasetId);
  const v = await resolveVersion(ds, input.version);
  const row = v ? await findVersionItem(v.id, input.itemId) : null;
  if (!row) throw new AppError("not_found", "Item not found in this version");
  return toItem(row);
}
