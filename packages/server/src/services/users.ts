import bcrypt from "bcryptjs";
import { findUserByEmail, insertUser } from "@yardstick/db";
import { AppError } from "../errors";
import { ZSignUpInput } from "@yardstick/contracts/common";
import type { z } from "zod";

const BCRYPT_COST = 12;
// Compared against when the email is unknown, so response time does not reveal which emails exist.
const DUMMY_HASH = bcrypt.hashSync("not-a-real-password", BCRYPT_COST);

export async function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, BCRYPT_COST);
}

export async function signUp(input: z.input<typeof ZSignUpInput>) {
  const data = ZSignUpInput.parse(input);
  const user = await insertUser({
    email: data.email,
    name: data.name,
    passwordHash: await hashPassword(data.password),
  });
  if (!user) throw new AppError("conflict", "An account with this email already exists", "email");
  return user;
}

/** The user for these credentials, or null. Used by the Auth.js credentials provider. */
export async function verifyCredentials(email: string, password: string) {
  const user = await findUserByEmail(email.trim().toLowerCase());
  const ok = await bcrypt.compare(password, user?.passwordHash ?? DUMMY_HASH);
  if (!user || !user.passwordHash || !ok) return null;
  return { id: user.id, email: user.email, name: user.name };
}
