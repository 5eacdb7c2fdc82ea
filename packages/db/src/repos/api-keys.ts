import type { ApiKeyScope } from "../generated/prisma/enums";
import { getDb } from "../client";

const LIST_SELECT = {
  id: true,
  name: true,
  prefix: true,
  lastFour: true,
  scopes: true,
  createdAt: true,
  lastUsedAt: true,
  revokedAt: true,
  createdBy: { select: { email: true, name: true } },
} as const;

export async function insertApiKey(data: {
  projectId: string;
  name: string;
  prefix: string;
  lastFour: string;
  hash: string;
  scopes: ApiKeyScope[];
  createdById: string | null;
}) {
  return getDb().apiKey.create({ data, select: LIST_SELECT });
}

export async function listApiKeys(projectId: string) {
  return getDb().apiKey.findMany({
    where: { projectId },
    orderBy: [{ revokedAt: { sort: "desc", nulls: "first" } }, { createdAt: "desc" }],
    select: LIST_SELECT,
  });
}

export async function revokeApiKeyById(projectId: string, id: string) {
  const res = await getDb().apiKey.updateMany({
    where: { id, projectId, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  return res.count === 1;
}

export async function findApiKeyByHash(hash: string) {
  return getDb().apiKey.findUnique({
    where: { hash },
    select: { id: true, projectId: true, scopes: true, revokedAt: true, lastUsedAt: true },
  });
}

export async function touchApiKey(id: string, at: Date) {
  await getDb().apiKey.update({ where: { id }, data: { lastUsedAt: at }, select: { id: true } });
}

/** Creates the key unless one with the same hash exists (used by the demo seed). */
export async function ensureApiKey(data: Parameters<typeof insertApiKey>[0]) {
  const existing = await findApiKeyByHash(data.hash);
  return existing ?? insertApiKey(data);
}
