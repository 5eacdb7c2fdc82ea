import { getDb } from "../client";

const SELECT = {
  id: true,
  modelName: true,
  matchPattern: true,
  inputPer1M: true,
  outputPer1M: true,
  cacheReadPer1M: true,
  cacheWritePer1M: true,
  effectiveFrom: true,
  createdAt: true,
} as const;

export async function listModelPriceRows(projectId: string) {
  return getDb().modelPrice.findMany({
    where: { projectId },
    orderBy: [{ modelName: "asc" }, { effectiveFrom: "desc" }],
    select: SELECT,
  });
}

export async function insertModelPrice(data: {
  projectId: string;
  modelName: string;
  matchPattern: string;
  inputPer1M: number;
  outputPer1M: number;
  cacheReadPer1M: number | null;
  cacheWritePer1M: number | null;
  effectiveFrom: Date;
}) {
  return getDb().modelPrice.create({ data, select: SELECT });
}

export async function deleteModelPriceById(projectId: string, id: string) {
  const res = await getDb().modelPrice.deleteMany({ where: { id, projectId } });
  return res.count === 1;
}
