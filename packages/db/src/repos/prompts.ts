import { getDb } from "../client";

// Prompts: immutable versions, labels pointing at versions, and an audit trail of label moves.

type Json = unknown;
export type TPromptVersionRowInput = {
  system: string | null;
  messages: Json;
  model: string;
  params: Json;
  tools: Json | null;
  variables: string[];
  commitMessage: string;
};

const VERSION_SELECT = {
  id: true,
  version: true,
  system: true,
  messages: true,
  model: true,
  params: true,
  tools: true,
  variables: true,
  commitMessage: true,
  createdAt: true,
  createdBy: { select: { id: true, name: true, email: true } },
} as const;

const PROMPT_SELECT = {
  id: true,
  name: true,
  protectedProduction: true,
  latestVersion: true,
  createdAt: true,
  updatedAt: true,
} as const;

export async function listPromptRows(projectId: string) {
  return getDb().prompt.findMany({
    where: { projectId },
    orderBy: { name: "asc" },
    select: {
      ...PROMPT_SELECT,
      labels: { select: { name: true, version: { select: { version: true } } }, orderBy: { name: "asc" } },
      versions: {
        orderBy: { version: "desc" },
        take: 1,
        select: { model: true, createdAt: true, commitMessage: true },
      },
    },
  });
}

export async function findPromptRow(projectId: string, promptId: string) {
  return getDb().prompt.findFirst({ where: { id: promptId, projectId }, select: PROMPT_SELECT });
}

export async function findPromptRowByName(projectId: string, name: string) {
  return getDb().prompt.findUnique({ where: { projectId_name: { projectId, name } }, select: PROMPT_SELECT });
}

export async function listPromptVersionRows(promptId: string) {
  return getDb().promptVersion.findMany({ where: { promptId }, orderBy: { version: "desc" }, select: VERSION_SELECT });
}

export async function findPromptVersionRow(promptId: string, version: number) {
  return getDb().promptVersion.findUnique({
    where: { promptId_version: { promptId, version } },
    select: VERSION_SELECT,
  });
}

export async function listPromptLabelRows(promptId: string) {
  return getDb().promptLabel.findMany({
    where: { promptId },
    orderBy: { name: "asc" },
    select: { name: true, updatedAt: true, version: { select: { id: true, version: true } } },
  });
}

export async function listPromptLabelEventRows(promptId: string, limit = 200) {
  return getDb().promptLabelEvent.findMany({
    where: { promptId },
    orderBy: [{ at: "desc" }, { id: "desc" }],
    take: limit,
    select: {
      id: true,
      label: true,
      fromVersion: true,
      toVersion: true,
      at: true,
      actor: { select: { id: true, name: true, email: true } },
    },
  });
}

/**
 * Creates the prompt on its first version. The version number comes from an atomic increment of
 * the prompt row, so concurrent saves get distinct consecutive numbers.
 */
export async function insertPromptVersion(
  projectId: string,
  name: string,
  createdById: string | null,
  data: TPromptVersionRowInput,
) {
  return getDb().$transaction(async (tx) => {
    const prompt = await tx.prompt.upsert({
      where: { projectId_name: { projectId, name } },
      create: { projectId, name, latestVersion: 1 },
      update: { latestVersion: { increment: 1 } },
      select: { id: true, name: true, latestVersion: true },
    });
    const version = await tx.promptVersion.create({
      data: {
        promptId: prompt.id,
        version: prompt.latestVersion,
        system: data.system,
        messages: data.messages as object,
        model: data.model,
        params: data.params as object,
        ...(data.tools !== null && { tools: data.tools as object }),
        variables: data.variables,
        commitMessage: data.commitMessage,
        createdById,
      },
      select: VERSION_SELECT,
    });
    return { prompt: { id: prompt.id, name: prompt.name }, version };
  });
}

/** Points `label` at `versionId` (or removes it when null) and records the move. */
export async function movePromptLabel(
  promptId: string,
  label: string,
  target: { id: string; version: number } | null,
  actorId: string | null,
) {
  return getDb().$transaction(async (tx) => {
    const current = await tx.promptLabel.findUnique({
      where: { promptId_name: { promptId, name: label } },
      select: { version: { select: { version: true } } },
    });
    const fromVersion = current?.version.version ?? null;
    if (fromVersion === (target?.version ?? null)) return { changed: false, fromVersion, toVersion: fromVersion };
    if (target) {
      await tx.promptLabel.upsert({
        where: { promptId_name: { promptId, name: label } },
        create: { promptId, name: label, versionId: target.id },
        update: { versionId: target.id },
      });
    } else {
      await tx.promptLabel.delete({ where: { promptId_name: { promptId, name: label } } });
    }
    await tx.promptLabelEvent.create({
      data: { promptId, label, fromVersion, toVersion: target?.version ?? null, actorId },
    });
    return { changed: true, fromVersion, toVersion: target?.version ?? null };
  });
}

export async function setPromptProtection(projectId: string, promptId: string, protectedProduction: boolean) {
  const res = await getDb().prompt.updateMany({ where: { id: promptId, projectId }, data: { protectedProduction } });
  return res.count === 1;
}

export async function deletePromptRow(projectId: string, promptId: string) {
  const res = await getDb().prompt.deleteMany({ where: { id: promptId, projectId } });
  return res.count === 1;
}

/** The version a label points at, with all labels on that version (public API). */
export async function findPromptVersionForApi(
  projectId: string,
  name: string,
  ref: { label: string } | { version: number },
) {
  const prompt = await getDb().prompt.findUnique({
    where: { projectId_name: { projectId, name } },
    select: { id: true, name: true },
  });
  if (!prompt) return { prompt: null, version: null };
  const select = {
    ...VERSION_SELECT,
    createdBy: false,
    labels: { select: { name: true }, orderBy: { name: "asc" } },
  } as const;
  if ("label" in ref) {
    const label = await getDb().promptLabel.findUnique({
      where: { promptId_name: { promptId: prompt.id, name: ref.label } },
      select: { version: { select } },
    });
    return { prompt, version: label?.version ?? null };
  }
  const version = await getDb().promptVersion.findUnique({
    where: { promptId_version: { promptId: prompt.id, version: ref.version } },
    select,
  });
  return { prompt, version };
}
