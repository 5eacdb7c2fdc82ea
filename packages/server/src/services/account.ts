import { findUserWithPassword, updateUserPasswordHash } from "@yardstick/db";
import type { z } from "zod";
import { AppError } from "../errors";
import type { ZChangePasswordInput } from "@yardstick/contracts/common";
import { assertPasswordPolicy } from "./password-policy";
import { revokeAllSessions } from "./sessions";
import { withAccountAttempt } from "./sign-in";
import { checkPassword, hashPassword } from "./users";

async function requireUser(userId: string) {
  const user = await findUserWithPassword(userId);
  if (!user) throw new AppError("not_found", "Account not found");
  return user;
}

export async function getAccount(userId: string) {
  const user = await requireUser(userId);
  return { id: user.id, name: user.name, email: user.email, hasPassword: Boolean(user.passwordHash) };
}

/**
 * Changes the password after checking the current one (under the per-account attempt limit),
 * then ends every other session: whoever else held one must sign in with the new password.
 */
export async function changePassword(
  userId: string,
  currentSessionId: string | null,
  input: z.infer<typeof ZChangePasswordInput>,
) {
  const user = await requireUser(userId);
  if (!user.passwordHash) {
    throw new AppError(
      "invalid_input",
      "This account signs in with GitHub or Google and has no password",
      "currentPassword",
    );
  }
  // Policy first: a weak new password is refused without spending a password attempt.
  assertPasswordPolicy(input.newPassword, "newPassword", [user.email, user.name]);
  if (input.newPassword === input.currentPassword) {
    throw new AppError("invalid_input", "Choose a password different from the current one", "newPassword");
  }
  const ok = await withAccountAttempt(user.email, () => checkPassword(input.currentPassword, user.passwordHash));
  if (!ok) throw new AppError("invalid_input", "Current password is wrong", "currentPassword");
  await updateUserPasswordHash(userId, await hashPassword(input.newPassword));
  const { revoked } = await revokeAllSessions(userId, currentSessionId);
  return { otherSessionsEnded: revoked };
}
