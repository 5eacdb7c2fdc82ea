import { getDb } from "../client";

export async function insertProject(organizationId: string, name: string) {
  return getDb().project.create({
    data: { organizationId, name },
    select: { id: true, name: true, organizationId: true, createdAt: true },
  });
}

export async function listProjects(organizationId: string) {
  return getDb().project.findMany({
    where: { organizationId },
    orderBy: { createdAt: "asc" },
    select: {
      id: true,
      name: true,
      createdAt: true,
      _count: { select: { apiKeys: { where: { revokedAt: null } } } },
    },
  });
}

export async function findProject(projectId: string) {
  return getDb().project.findUnique({
    where: { id: projectId },
    select: {
      id: true,
      name: true,
      organizationId: true,
      createdAt: true,
      traceRetentionDays: true,
      organization: { select: { name: true } },
    },
  });
}

export async function updateProjectName(projectId: string, name: string) {
  return getDb().project.update({ where: { id: projectId }, data: { name }, select: { id: true, name: true } });
}

export async function deleteProjectById(projectId: string) {
  await getDb().project.delete({ where: { id: projectId } });
}
