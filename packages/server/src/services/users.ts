import bcrypt from "bcryptjs";
import pLimit from "p-limit";
import { findUserByEmail, insertUser } from "@yardstick/db";
import { processWide } from "../process-wide";
import { ZSignUpInput } from "@yardstick/contracts/common";
import { assertPasswordPolicy } from "./password-policy";
import type { z } from "zod";

const BCRYPT_COST = 12;
// Compared against when the email is unknown, so response time does not reveal which emails exist.
const DUMMY_HASH = bcrypt.hashSync("not-a-real-password", BCRYPT_COST);

// bcryptjs hashes on the main thread in 100 ms slices; a burst of them interleaves slices until
// the event loop stalls for seconds (100 sign-ups at once made /api/health time out). Two at a
// time keeps every other request moving; the rest wait their turn.
const bcryptSlots = processWide("bcrypt-slots", () => pLimit(2));

export async function hashPassword(password: string): Promise<string> {
  return bcryptSlots(() => bcrypt.hash(password, BCRYPT_COST));
}

/** bcrypt comparison; a missing hash compares against a dummy so timing does not tell. */
export async function checkPassword(password: string, passwordHash: string | null | undefined): Promise<boolean> {
  const ok = await bcryptSlots(() => bcrypt.compare(password, passwordHash ?? DUMMY_HASH));
  return ok && Boolean(passwordHash);
}

/**
 * Creates the account; null when the email is already registered. Both cases do the same work
 * (policy check, one bcrypt hash, one insert), and the public procedure answers them alike so
 * sign-up does not tell which emails have accounts.
 */
export async function signUp(input: z.input<typeof ZSignUpInput>) {
  const data = ZSignUpInput.parse(input);
  assertPasswordPolicy(data.password, "password", [data.email, data.name]);
  return insertUser({
    email: data.email,
    name: data.name,
    passwordHash: await hashPassword(data.password),
  });
}

/** The user for these credentials, or null. Used by the Auth.js credentials provider. */
export async function verifyCredentials(email: string, password: string) {
  const user = await findUserByEmail(email.trim().toLowerCase());
  const ok = await checkPassword(password, user?.passwordHash);
  if (!user || !ok) return null;
  return { id: user.id, email: user.email, name: user.name };
}
