import { deleteProjectById, findProject, insertProject, listProjects, updateProjectName } from "@yardstick/db";
import { AppError } from "../errors";

export async function createProject(organizationId: string, name: string) {
  return insertProject(organizationId, name);
}

export async function listOrganizationProjects(organizationId: string) {
  const rows = await listProjects(organizationId);
  return rows.map(({ _count, ...p }) => ({ ...p, activeApiKeys: _count.apiKeys }));
}

export async function getProject(projectId: string) {
  const p = await findProject(projectId);
  if (!p) throw new AppError("not_found", "Project not found");
  return p;
}

export async function renameProject(projectId: string, name: string) {
  return updateProjectName(projectId, name);
}

export async function deleteProject(projectId: string, confirmName: string) {
  const p = await getProject(projectId);
  if (confirmName.trim() !== p.name) {
    throw new AppError("invalid_input", "Type the project name exactly to confirm", "confirmName");
  }
  await deleteProjectById(projectId);
}
