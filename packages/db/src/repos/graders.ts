import { getDb } from "../client";

// Graders: a named config per project with immutable, numbered versions.

export type TGraderVersionRowInput = {
  type: string;
  config: unknown;
  judgeModel: string | null;
  subjectModel: string | null;
  message: string;
};

const GRADER_SELECT = { id: true, name: true, latestVersion: true, createdAt: true, updatedAt: true } as const;

const VERSION_SELECT = {
  id: true,
  version: true,
  type: true,
  config: true,
  judgeModel: true,
  subjectModel: true,
  message: true,
  createdAt: true,
  createdBy: { select: { id: true, name: true, email: true } },
} as const;

export async function listGraderRows(projectId: string) {
  return getDb().grader.findMany({
    where: { projectId },
    orderBy: { name: "asc" },
    select: { ...GRADER_SELECT, versions: { orderBy: { version: "desc" }, take: 1, select: VERSION_SELECT } },
  });
}

export async function findGraderRow(projectId: string, graderId: string) {
  return getDb().grader.findFirst({ where: { id: graderId, projectId }, select: GRADER_SELECT });
}

export async function findGraderRowByName(projectId: string, name: string) {
  return getDb().grader.findUnique({ where: { projectId_name: { projectId, name } }, select: GRADER_SELECT });
}

export async function listGraderVersionRows(graderId: string) {
  return getDb().graderVersion.findMany({ where: { graderId }, orderBy: { version: "desc" }, select: VERSION_SELECT });
}

export async function findGraderVersionRow(graderId: string, version: number) {
  return getDb().graderVersion.findUnique({
    where: { graderId_version: { graderId, version } },
    select: VERSION_SELECT,
  });
}

/**
 * Saves a new version of grader `name` (creating the grader on its first one) unless `unchanged`
 * says the latest version already holds this content; then nothing is written. The grader row is
 * locked first, so concurrent saves get distinct consecutive numbers and compare against the true latest.
 */
export async function insertGraderVersion(
  projectId: string,
  name: string,
  createdById: string | null,
  data: TGraderVersionRowInput,
  unchanged: (latest: { config: unknown; subjectModel: string | null }) => boolean,
) {
  return getDb().$transaction(async (tx) => {
    const created = await tx.grader.upsert({
      where: { projectId_name: { projectId, name } },
      create: { projectId, name },
      update: {},
      select: { id: true },
    });
    await tx.$queryRaw`SELECT 1 FROM "Grader" WHERE id = ${created.id} FOR UPDATE`;
    const grader = await tx.grader.findUniqueOrThrow({ where: { id: created.id }, select: GRADER_SELECT });
    if (grader.latestVersion > 0) {
      const latest = await tx.graderVersion.findUniqueOrThrow({
        where: { graderId_version: { graderId: grader.id, version: grader.latestVersion } },
        select: VERSION_SELECT,
      });
      if (unchanged(latest)) return { grader, version: latest, changed: false };
    }
    const next = await tx.grader.update({
      where: { id: grader.id },
      data: { latestVersion: { increment: 1 } },
      select: GRADER_SELECT,
    });
    const version = await tx.graderVersion.create({
      data: {
        graderId: grader.id,
        version: next.latestVersion,
        type: data.type,
        config: data.config as object,
        judgeModel: data.judgeModel,
        subjectModel: data.subjectModel,
        message: data.message,
        createdById,
      },
      select: VERSION_SELECT,
    });
    return { grader: next, version, changed: true };
  });
}

export async function deleteGraderRow(projectId: string, graderId: string) {
  const res = await getDb().grader.deleteMany({ where: { id: graderId, projectId } });
  return res.count === 1;
}
