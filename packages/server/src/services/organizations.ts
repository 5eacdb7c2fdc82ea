import {
  deleteOrganizationById,
  findOrganization,
  insertOrganizationWithOwner,
  listOrganizationsForUser,
  updateOrganizationName,
} from "@yardstick/db";
import { AppError } from "../errors";

export async function createOrganization(userId: string, name: string) {
  return insertOrganizationWithOwner({ name, ownerId: userId });
}

export async function listMyOrganizations(userId: string) {
  return listOrganizationsForUser(userId);
}

export async function getOrganization(organizationId: string) {
  const org = await findOrganization(organizationId);
  if (!org) throw new AppError("not_found", "Organization not found");
  return org;
}

export async function renameOrganization(organizationId: string, name: string) {
  return updateOrganizationName(organizationId, name);
}

/** The caller must type the organisation's name to confirm. */
export async function deleteOrganization(organizationId: string, confirmName: string) {
  const org = await getOrganization(organizationId);
  if (confirmName.trim() !== org.name) {
    throw new AppError("invalid_input", "Type the organization name exactly to confirm", "confirmName");
  }
  await deleteOrganizationById(organizationId);
}
