import { ROLES, type TRole } from "@yardstick/contracts/roles";

export { ROLES, type TRole };

const RANK: Record<TRole, number> = { VIEWER: 0, MEMBER: 1, ADMIN: 2, OWNER: 3 };

/** VIEWER reads; MEMBER edits project content; ADMIN manages members and keys; OWNER deletes. */
export function hasRole(actual: TRole, required: TRole): boolean {
  return RANK[actual] >= RANK[required];
}
