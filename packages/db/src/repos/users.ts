import { getDb } from "../client";

export async function findUserByEmail(email: string) {
  return getDb().user.findUnique({
    where: { email },
    select: { id: true, email: true, name: true, passwordHash: true },
  });
}

export async function findUserById(id: string) {
  return getDb().user.findUnique({ where: { id }, select: { id: true, email: true, name: true } });
}

/** Returns null when the email is already taken (unique violation), never a half-made user. */
export async function insertUser(data: { email: string; name: string | null; passwordHash: string }) {
  try {
    return await getDb().user.create({ data, select: { id: true, email: true, name: true } });
  } catch (err) {
    if ((err as { code?: string }).code === "P2002") return null;
    throw err;
  }
}

export async function findUserWithPassword(id: string) {
  return getDb().user.findUnique({
    where: { id },
    select: { id: true, email: true, name: true, passwordHash: true },
  });
}

export async function updateUserPasswordHash(id: string, passwordHash: string) {
  await getDb().user.update({ where: { id }, data: { passwordHash }, select: { id: true } });
}
