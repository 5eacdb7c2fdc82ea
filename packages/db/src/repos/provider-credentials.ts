import { getDb } from "../client";

// Sealed per-project model-provider keys. Lists never select the sealed key.

const PUBLIC_SELECT = {
  id: true,
  provider: true,
  baseUrl: true,
  last4: true,
  createdAt: true,
  updatedAt: true,
  createdBy: { select: { name: true, email: true } },
} as const;

export async function listProviderCredentialRows(projectId: string) {
  return getDb().providerCredential.findMany({
    where: { projectId },
    orderBy: { provider: "asc" },
    select: PUBLIC_SELECT,
  });
}

export async function upsertProviderCredential(data: {
  projectId: string;
  provider: string;
  baseUrl: string | null;
  encryptedKey: string;
  last4: string;
  createdById: string | null;
}) {
  const { projectId, provider, ...rest } = data;
  return getDb().providerCredential.upsert({
    where: { projectId_provider: { projectId, provider } },
    create: data,
    update: rest,
    select: PUBLIC_SELECT,
  });
}

export async function deleteProviderCredentialRow(projectId: string, provider: string) {
  const res = await getDb().providerCredential.deleteMany({ where: { projectId, provider } });
  return res.count === 1;
}

/** Includes the sealed key: for the server's model calls only. */
export async function listSealedProviderCredentials(projectId: string) {
  return getDb().providerCredential.findMany({
    where: { projectId },
    select: { provider: true, baseUrl: true, encryptedKey: true },
  });
}
