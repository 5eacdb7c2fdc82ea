import {
  findUserByEmail,
  insertUser,
  listOrganizationsForUser,
  insertOrganizationWithOwner,
  insertProject,
} from "@yardstick/db";
import { ensureApiKeyWithSecret } from "./api-keys";
import { hashPassword } from "./users";

export const DEMO_EMAIL = "demo@yardstick.dev";
export const DEMO_PASSWORD = "yardstick-demo";

/**
 * Creates the demo user, organisation and project on an empty database. Re-running changes
 * nothing (the demo user is the marker). With `demoApiKey`, the demo project gets an
 * ingest+read key with exactly that secret.
 */
export async function seedDemo(opts: { demoApiKey?: string } = {}) {
  let user = await findUserByEmail(DEMO_EMAIL);
  let created = false;
  if (!user) {
    const inserted = await insertUser({
      email: DEMO_EMAIL,
      name: "Demo User",
      passwordHash: await hashPassword(DEMO_PASSWORD),
    });
    user = inserted ? { ...inserted, passwordHash: null } : await findUserByEmail(DEMO_EMAIL);
    created = inserted !== null;
  }
  if (!user) throw new Error("demo user could not be created");
  let orgs = await listOrganizationsForUser(user.id);
  if (orgs.length === 0) {
    const org = await insertOrganizationWithOwner({ name: "Demo Org", ownerId: user.id });
    await insertProject(org.id, "Support Bot");
    orgs = await listOrganizationsForUser(user.id);
  }
  const project = orgs[0]?.projects[0];
  if (opts.demoApiKey && project) {
    await ensureApiKeyWithSecret({
      projectId: project.id,
      name: "Demo key",
      scopes: ["ingest", "read"],
      secret: opts.demoApiKey,
    });
  }
  return { created, email: DEMO_EMAIL, password: DEMO_PASSWORD, projectId: project?.id ?? null };
}
