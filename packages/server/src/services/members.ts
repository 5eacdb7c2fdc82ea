import { deleteMembership, listMembers, updateMemberRole, findMembershipRole, type Role } from "@yardstick/db";
import { AppError } from "../errors";

export async function listOrganizationMembers(organizationId: string) {
  return listMembers(organizationId);
}

/**
 * ADMINs manage MEMBERs and VIEWERs (and other ADMINs); only an OWNER can grant, change or
 * remove the OWNER role. An organisation always keeps at least one OWNER.
 */
export async function changeMemberRole(
  organizationId: string,
  actor: { userId: string; role: Role },
  targetUserId: string,
  role: Role,
) {
  const current = await findMembershipRole(organizationId, targetUserId);
  if (!current) throw new AppError("not_found", "Member not found");
  if ((current === "OWNER" || role === "OWNER") && actor.role !== "OWNER") {
    throw new AppError("forbidden", "Only an owner can grant or change the owner role");
  }
  const res = await updateMemberRole(organizationId, targetUserId, role);
  if (res === "not_found") throw new AppError("not_found", "Member not found");
  if (res === "last_owner") {
    throw new AppError("precondition_failed", "An organization needs at least one owner");
  }
}

export async function removeMember(
  organizationId: string,
  actor: { userId: string; role: Role },
  targetUserId: string,
) {
  const current = await findMembershipRole(organizationId, targetUserId);
  if (!current) throw new AppError("not_found", "Member not found");
  if (current === "OWNER" && actor.role !== "OWNER") {
    throw new AppError("forbidden", "Only an owner can remove an owner");
  }
  const res = await deleteMembership(organizationId, targetUserId);
  if (res === "not_found") throw new AppError("not_found", "Member not found");
  if (res === "last_owner") {
    throw new AppError("precondition_failed", "An organization needs at least one owner");
  }
}

export async function leaveOrganization(organizationId: string, userId: string) {
  const res = await deleteMembership(organizationId, userId);
  if (res === "not_found") throw new AppError("not_found", "You are not a member of this organization");
  if (res === "last_owner") {
    throw new AppError(
      "precondition_failed",
      "You are the last owner: make someone else an owner or delete the organization",
    );
  }
}
