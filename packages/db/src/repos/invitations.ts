import type { Role } from "../generated/prisma/enums";
import { getDb } from "../client";

export async function insertInvitation(data: {
  organizationId: string;
  email: string;
  role: Role;
  tokenHash: string;
  invitedById: string;
  expiresAt: Date;
}) {
  return getDb().invitation.create({
    data,
    select: { id: true, email: true, role: true, expiresAt: true, createdAt: true },
  });
}

export async function listPendingInvitations(organizationId: string, now: Date) {
  return getDb().invitation.findMany({
    where: { organizationId, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
    orderBy: { createdAt: "desc" },
    select: {
      id: true,
      email: true,
      role: true,
      createdAt: true,
      expiresAt: true,
      invitedBy: { select: { email: true, name: true } },
    },
  });
}

export async function findInvitationByTokenHash(tokenHash: string) {
  return getDb().invitation.findUnique({
    where: { tokenHash },
    select: {
      id: true,
      organizationId: true,
      email: true,
      role: true,
      expiresAt: true,
      acceptedAt: true,
      revokedAt: true,
      organization: { select: { name: true } },
      invitedBy: { select: { email: true, name: true } },
    },
  });
}

/** Marks the invitation used and creates the membership in one transaction. */
export async function acceptInvitationForUser(
  invitationId: string,
  userId: string,
): Promise<"ok" | "already_member" | "unavailable"> {
  return getDb().$transaction(async (tx) => {
    const claimed = await tx.invitation.updateMany({
      where: { id: invitationId, acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } },
      data: { acceptedAt: new Date() },
    });
    if (claimed.count !== 1) return "unavailable";
    const inv = await tx.invitation.findUniqueOrThrow({
      where: { id: invitationId },
      select: { organizationId: true, role: true },
    });
    const existing = await tx.membership.findUnique({
      where: { organizationId_userId: { organizationId: inv.organizationId, userId } },
      select: { id: true },
    });
    if (existing) return "already_member";
    await tx.membership.create({ data: { organizationId: inv.organizationId, userId, role: inv.role } });
    return "ok";
  });
}

export async function revokeInvitationById(organizationId: string, invitationId: string) {
  const res = await getDb().invitation.updateMany({
    where: { id: invitationId, organizationId, acceptedAt: null, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  return res.count === 1;
}
