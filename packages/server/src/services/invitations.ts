import {
  acceptInvitationForUser,
  findInvitationByTokenHash,
  findMembershipRole,
  findUserById,
  insertInvitation,
  listMembers,
  listPendingInvitations,
  revokeInvitationById,
  type Role,
} from "@yardstick/db";
import { randomToken, sha256Hex } from "../crypto";
import { AppError } from "../errors";

const INVITE_TTL_MS = 7 * 24 * 3600 * 1000;

/**
 * Creates an invitation and returns its token once (only its hash is stored). There is no mail
 * server: the inviter copies the link. A previous pending invite to the same email is revoked.
 */
export async function inviteMember(
  organizationId: string,
  actor: { userId: string; role: Role },
  email: string,
  role: Role,
) {
  if (role === "OWNER" && actor.role !== "OWNER") {
    throw new AppError("forbidden", "Only an owner can invite another owner", "role");
  }
  const members = await listMembers(organizationId);
  if (members.some((m) => m.email === email)) {
    throw new AppError("conflict", "This person is already a member", "email");
  }
  for (const inv of await listPendingInvitations(organizationId, new Date())) {
    if (inv.email === email) await revokeInvitationById(organizationId, inv.id);
  }
  const token = randomToken(32);
  const invitation = await insertInvitation({
    organizationId,
    email,
    role,
    tokenHash: sha256Hex(token),
    invitedById: actor.userId,
    expiresAt: new Date(Date.now() + INVITE_TTL_MS),
  });
  return { invitation, token, path: `/invite/${token}` };
}

export async function listInvitations(organizationId: string) {
  return listPendingInvitations(organizationId, new Date());
}

export async function revokeInvitation(organizationId: string, invitationId: string) {
  if (!(await revokeInvitationById(organizationId, invitationId))) {
    throw new AppError("not_found", "Invitation not found or no longer pending");
  }
}

function invitationState(inv: { acceptedAt: Date | null; revokedAt: Date | null; expiresAt: Date }) {
  if (inv.acceptedAt) return "accepted" as const;
  if (inv.revokedAt) return "revoked" as const;
  if (inv.expiresAt <= new Date()) return "expired" as const;
  return "pending" as const;
}

/** What the invite page shows before accepting. Unknown tokens are NOT_FOUND. */
export async function previewInvitation(token: string) {
  const inv = await findInvitationByTokenHash(sha256Hex(token));
  if (!inv) throw new AppError("not_found", "This invitation link is not valid");
  return {
    organizationName: inv.organization.name,
    organizationId: inv.organizationId,
    email: inv.email,
    role: inv.role,
    invitedBy: inv.invitedBy.name ?? inv.invitedBy.email,
    state: invitationState(inv),
  };
}

/** Accepting requires being signed in with the invited email, so a leaked link is useless. */
export async function acceptInvitation(token: string, userId: string) {
  const inv = await findInvitationByTokenHash(sha256Hex(token));
  if (!inv) throw new AppError("not_found", "This invitation link is not valid");
  const state = invitationState(inv);
  if (state !== "pending") throw new AppError("precondition_failed", `This invitation was ${state}`);
  const user = await findUserById(userId);
  if (!user || user.email !== inv.email) {
    throw new AppError("forbidden", `This invitation is for ${inv.email}; sign in with that email to accept it`);
  }
  if (await findMembershipRole(inv.organizationId, userId)) {
    throw new AppError("conflict", "You are already a member of this organization");
  }
  const res = await acceptInvitationForUser(inv.id, userId);
  if (res === "unavailable") throw new AppError("precondition_failed", "This invitation is no longer valid");
  if (res === "already_member") throw new AppError("conflict", "You are already a member of this organization");
  return { organizationId: inv.organizationId };
}
