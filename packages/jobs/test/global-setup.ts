import type { TestProject } from "vitest/node";
import { applyMigrations, createScratchDatabase, startEmbeddedPostgres } from "@yardstick/db/admin";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    databaseKind: "postgres" | "embedded";
  }
}

export default async function setup(project: TestProject) {
  const server = process.env.TEST_DATABASE_URL;
  let url: string;
  let teardown: () => Promise<void>;
  if (server) {
    const scratch = await createScratchDatabase(server, "yardstick_test");
    url = scratch.url;
    teardown = scratch.drop;
  } else {
    const embedded = await startEmbeddedPostgres({});
    url = embedded.url;
    teardown = embedded.stop;
  }
  await applyMigrations(url);
  project.provide("databaseUrl", url);
  project.provide("databaseKind", server ? "postgres" : "embedded");
  return teardown;
}
