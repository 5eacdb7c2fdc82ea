import { randomUUID } from "node:crypto";
import type { DatasetPartition } from "../generated/prisma/enums";
import { getDb, getPool } from "../client";

// Datasets: a version is an immutable set of item revisions (see prisma/schema/datasets.prisma).
// Every query is scoped by projectId, directly or through a dataset found by (projectId, id).

export type TDatasetPartitionName = DatasetPartition;
export type TDatasetItemRow = {
  input: unknown;
  expectedOutput: string | null;
  context: string | null;
  partition: DatasetPartition;
  tags: string[];
  metadata: Record<string, unknown> | null;
  source: string | null;
  provenance: Record<string, unknown> | null;
};
export type TDatasetMember = { itemKey: string; revisionId: string; contentHash: string; partition: DatasetPartition };
export type TNewRevision = { itemKey: string; contentHash: string; fields: TDatasetItemRow };
export type TChangeSummary = { added: number; removed: number; modified: number };
export type TVersionPlan = {
  /** Members of the previous version carried over unchanged. */
  keep: TDatasetMember[];
  /** New revisions (added or modified items), members of the new version. */
  create: TNewRevision[];
  changeSummary: TChangeSummary;
  partitionCounts: Record<DatasetPartition, number>;
  message: string | null;
};

const DATASET_SELECT = {
  id: true,
  name: true,
  description: true,
  latestVersion: true,
  createdAt: true,
  updatedAt: true,
} as const;

const VERSION_SELECT = {
  id: true,
  version: true,
  message: true,
  createdAt: true,
  itemCount: true,
  partitionCounts: true,
  changeSummary: true,
  createdBy: { select: { id: true, name: true, email: true } },
} as const;

const REVISION_SELECT = {
  id: true,
  itemKey: true,
  input: true,
  expectedOutput: true,
  context: true,
  partition: true,
  tags: true,
  metadata: true,
  source: true,
  provenance: true,
  createdAt: true,
} as const;

/** Null when the name is taken in the project. */
export async function insertDataset(projectId: string, data: { name: string; description: string | null }) {
  try {
    return await getDb().dataset.create({ data: { projectId, ...data }, select: DATASET_SELECT });
  } catch (err) {
    if ((err as { code?: string }).code === "P2002") return null;
    throw err;
  }
}

/** Null when not found in the project; "name_taken" on a clash. */
export async function updateDatasetRow(
  projectId: string,
  datasetId: string,
  data: { name?: string; description?: string | null },
) {
  try {
    const res = await getDb().dataset.updateMany({ where: { id: datasetId, projectId }, data });
    return res.count === 1 ? "ok" : null;
  } catch (err) {
    if ((err as { code?: string }).code === "P2002") return "name_taken";
    throw err;
  }
}

export async function deleteDatasetRow(projectId: string, datasetId: string) {
  const res = await getDb().dataset.deleteMany({ where: { id: datasetId, projectId } });
  return res.count === 1;
}

export async function listDatasetRows(projectId: string) {
  return getDb().dataset.findMany({
    where: { projectId },
    orderBy: { createdAt: "desc" },
    select: {
      ...DATASET_SELECT,
      versions: { orderBy: { version: "desc" }, take: 1, select: VERSION_SELECT },
    },
  });
}

export async function findDatasetRow(projectId: string, datasetId: string) {
  return getDb().dataset.findFirst({ where: { id: datasetId, projectId }, select: DATASET_SELECT });
}

export async function findDatasetRowByName(projectId: string, name: string) {
  return getDb().dataset.findUnique({ where: { projectId_name: { projectId, name } }, select: DATASET_SELECT });
}

export async function listDatasetVersionRows(datasetId: string) {
  return getDb().datasetVersion.findMany({
    where: { datasetId },
    orderBy: { version: "desc" },
    select: VERSION_SELECT,
  });
}

export async function findDatasetVersionRow(datasetId: string, version: number) {
  return getDb().datasetVersion.findUnique({
    where: { datasetId_version: { datasetId, version } },
    select: VERSION_SELECT,
  });
}

/** One page of a version's items, ordered by item key (keyset pagination). */
export async function listVersionItemRows(
  versionId: string,
  opts: { partition?: DatasetPartition; cursor?: string; limit: number; search?: string },
) {
  const rows = await getDb().datasetVersionItem.findMany({
    where: {
      versionId,
      ...(opts.partition && { partition: opts.partition }),
      ...(opts.cursor && { itemKey: { gt: opts.cursor } }),
    },
    orderBy: { itemKey: "asc" },
    take: opts.limit + 1,
    select: { itemKey: true, revision: { select: REVISION_SELECT } },
  });
  const page = rows.slice(0, opts.limit);
  return {
    items: page.map((r) => r.revision),
    nextCursor: rows.length > opts.limit ? (page[page.length - 1]?.itemKey ?? null) : null,
  };
}

/** Every item of a version, ordered by key (export). */
export async function listAllVersionItems(versionId: string) {
  const rows = await getDb().datasetVersionItem.findMany({
    where: { versionId },
    orderBy: { itemKey: "asc" },
    select: { revision: { select: REVISION_SELECT } },
  });
  return rows.map((r) => r.revision);
}

/** (itemKey, revisionId, contentHash, partition) of every item of a version, for diffs. */
export async function listVersionMembers(versionId: string): Promise<TDatasetMember[]> {
  const { rows } = await getPool().query<TDatasetMember>(
    `SELECT m."itemKey", m."revisionId", r."contentHash", m.partition
       FROM "DatasetVersionItem" m JOIN "DatasetItemRevision" r ON r.id = m."revisionId"
      WHERE m."versionId" = $1`,
    [versionId],
  );
  return rows;
}

export async function findRevisionRows(datasetId: string, ids: string[]) {
  if (!ids.length) return [];
  return getDb().datasetItemRevision.findMany({ where: { datasetId, id: { in: ids } }, select: REVISION_SELECT });
}

/** The newest revision of an item in a version, if the item is in it. */
export async function findVersionItem(versionId: string, itemKey: string) {
  const row = await getDb().datasetVersionItem.findUnique({
    where: { versionId_itemKey: { versionId, itemKey } },
    select: { revision: { select: REVISION_SELECT } },
  });
  return row?.revision ?? null;
}

/**
 * Writes the next version in one transaction. The dataset row is locked first, so concurrent
 * writers queue and each `plan` sees the true previous version. `plan` may throw to abort
 * (nothing is written). Returns null when the dataset is not in the project.
 */
export async function commitDatasetVersion(
  projectId: string,
  datasetId: string,
  createdById: string | null,
  plan: (prev: Map<string, TDatasetMember>, prevVersion: number) => TVersionPlan | Promise<TVersionPlan>,
) {
  const c = await getPool().connect();
  try {
    await c.query("BEGIN");
    const ds = await c.query<{ latestVersion: number }>(
      `SELECT "latestVersion" FROM "Dataset" WHERE id = $1 AND "projectId" = $2 FOR UPDATE`,
      [datasetId, projectId],
    );
    const row = ds.rows[0];
    if (!row) {
      await c.query("ROLLBACK");
      return null;
    }
    const prev = new Map<string, TDatasetMember>();
    if (row.latestVersion > 0) {
      const { rows } = await c.query<TDatasetMember>(
        `SELECT m."itemKey", m."revisionId", r."contentHash", m.partition
           FROM "DatasetVersion" v
           JOIN "DatasetVersionItem" m ON m."versionId" = v.id
           JOIN "DatasetItemRevision" r ON r.id = m."revisionId"
          WHERE v."datasetId" = $1 AND v.version = $2`,
        [datasetId, row.latestVersion],
      );
      for (const m of rows) prev.set(m.itemKey, m);
    }
    const p = await plan(prev, row.latestVersion);
    const revIds = p.create.map(() => randomUUID());
    if (p.create.length) {
      const f = p.create.map((r) => r.fields);
      await c.query(
        `INSERT INTO "DatasetItemRevision"
           (id, "datasetId", "itemKey", "contentHash", input, "expectedOutput", context, partition, tags, metadata, source, provenance)
         SELECT v.id, $1, v.key, v.hash, v.input::jsonb, v.expected, v.context, v.partition::"DatasetPartition",
                ARRAY(SELECT jsonb_array_elements_text(v.tags::jsonb)), v.metadata::jsonb, v.source, v.provenance::jsonb
           FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[])
             AS v(id, key, hash, input, expected, context, partition, tags, metadata, source, provenance)`,
        [
          datasetId,
          revIds,
          p.create.map((r) => r.itemKey),
          p.create.map((r) => r.contentHash),
          f.map((x) => JSON.stringify(x.input)),
          f.map((x) => x.expectedOutput),
          f.map((x) => x.context),
          f.map((x) => x.partition),
          f.map((x) => JSON.stringify(x.tags)),
          f.map((x) => (x.metadata === null ? null : JSON.stringify(x.metadata))),
          f.map((x) => x.source),
          f.map((x) => (x.provenance === null ? null : JSON.stringify(x.provenance))),
        ],
      );
    }
    const version = row.latestVersion + 1;
    const versionId = randomUUID();
    const itemCount = p.keep.length + p.create.length;
    const inserted = await c.query<{ createdAt: Date }>(
      `INSERT INTO "DatasetVersion" (id, "datasetId", version, message, "createdById", "itemCount", "partitionCounts", "changeSummary")
       VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb) RETURNING "createdAt"`,
      [
        versionId,
        datasetId,
        version,
        p.message,
        createdById,
        itemCount,
        JSON.stringify(p.partitionCounts),
        JSON.stringify(p.changeSummary),
      ],
    );
    await c.query(
      `INSERT INTO "DatasetVersionItem" ("versionId", "itemKey", "revisionId", partition)
       SELECT $1, k, r, p::"DatasetPartition" FROM unnest($2::text[], $3::text[], $4::text[]) AS v(k, r, p)`,
      [
        versionId,
        [...p.keep.map((m) => m.itemKey), ...p.create.map((r) => r.itemKey)],
        [...p.keep.map((m) => m.revisionId), ...revIds],
        [...p.keep.map((m) => m.partition), ...p.create.map((r) => r.fields.partition)],
      ],
    );
    await c.query(`UPDATE "Dataset" SET "latestVersion" = $2, "updatedAt" = now() WHERE id = $1`, [datasetId, version]);
    await c.query("COMMIT");
    return {
      id: versionId,
      version,
      message: p.message,
      itemCount,
      partitionCounts: p.partitionCounts,
      changeSummary: p.changeSummary,
      createdAt: inserted.rows[0]!.createdAt,
    };
  } catch (err) {
    await c.query("ROLLBACK").catch(() => {});
    throw err;
  } finally {
    c.release();
  }
}
