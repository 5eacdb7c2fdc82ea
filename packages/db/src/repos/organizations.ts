import type { Role } from "../generated/prisma/enums";
import { getDb } from "../client";

export async function insertOrganizationWithOwner(data: { name: string; ownerId: string }) {
  return getDb().organization.create({
    data: { name: data.name, memberships: { create: { userId: data.ownerId, role: "OWNER" } } },
    select: { id: true, name: true },
  });
}

export async function listOrganizationsForUser(userId: string) {
  const memberships = await getDb().membership.findMany({
    where: { userId },
    orderBy: { organization: { createdAt: "asc" } },
    select: {
      role: true,
      organization: {
        select: {
          id: true,
          name: true,
          projects: { select: { id: true, name: true }, orderBy: { createdAt: "asc" } },
        },
      },
    },
  });
  return memberships.map((m) => ({ ...m.organization, role: m.role }));
}

export async function findOrganization(organizationId: string) {
  return getDb().organization.findUnique({
    where: { id: organizationId },
    select: { id: true, name: true, createdAt: true },
  });
}

export async function findMembershipRole(organizationId: string, userId: string): Promise<Role | null> {
  const m = await getDb().membership.findUnique({
    where: { organizationId_userId: { organizationId, userId } },
    select: { role: true },
  });
  return m?.role ?? null;
}

export async function updateOrganizationName(organizationId: string, name: string) {
  return getDb().organization.update({
    where: { id: organizationId },
    data: { name },
    select: { id: true, name: true },
  });
}

export async function deleteOrganizationById(organizationId: string) {
  await getDb().organization.delete({ where: { id: organizationId } });
}
