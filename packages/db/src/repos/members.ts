import type { Role } from "../generated/prisma/enums";
import { getDb } from "../client";

export async function listMembers(organizationId: string) {
  const rows = await getDb().membership.findMany({
    where: { organizationId },
    orderBy: { createdAt: "asc" },
    select: { role: true, createdAt: true, user: { select: { id: true, email: true, name: true } } },
  });
  return rows.map((r) => ({ ...r.user, role: r.role, joinedAt: r.createdAt }));
}

export async function countOwners(organizationId: string) {
  return getDb().membership.count({ where: { organizationId, role: "OWNER" } });
}

/**
 * Changes a member's role unless that would leave the organisation without an owner.
 * Runs in one serializable transaction so two concurrent demotions cannot both pass the check.
 */
export async function updateMemberRole(
  organizationId: string,
  userId: string,
  role: Role,
): Promise<"ok" | "not_found" | "last_owner"> {
  return getDb().$transaction(
    async (tx) => {
      const m = await tx.membership.findUnique({
        where: { organizationId_userId: { organizationId, userId } },
        select: { role: true },
      });
      if (!m) return "not_found";
      if (m.role === "OWNER" && role !== "OWNER") {
        const owners = await tx.membership.count({ where: { organizationId, role: "OWNER" } });
        if (owners <= 1) return "last_owner";
      }
      await tx.membership.update({
        where: { organizationId_userId: { organizationId, userId } },
        data: { role },
      });
      return "ok";
    },
    { isolationLevel: "Serializable" },
  );
}

/** Removes a membership unless it is the last owner. */
export async function deleteMembership(
  organizationId: string,
  userId: string,
): Promise<"ok" | "not_found" | "last_owner"> {
  return getDb().$transaction(
    async (tx) => {
      const m = await tx.membership.findUnique({
        where: { organizationId_userId: { organizationId, userId } },
        select: { role: true },
      });
      if (!m) return "not_found";
      if (m.role === "OWNER") {
        const owners = await tx.membership.count({ where: { organizationId, role: "OWNER" } });
        if (owners <= 1) return "last_owner";
      }
      await tx.membership.delete({ where: { organizationId_userId: { organizationId, userId } } });
      return "ok";
    },
    { isolationLevel: "Serializable" },
  );
}
