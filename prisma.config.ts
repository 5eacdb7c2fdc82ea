import { defineConfig } from "prisma/config";

// The Prisma CLI is used here only for `generate` (no engine binary is needed for that).
// Migrations are authored and applied by packages/db/scripts (see README "Adding a migration").
export default defineConfig({
  // A folder: the schema is split by domain over prisma/schema/*.prisma (multi-file schema).
  schema: "prisma/schema",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost:5432/yardstick" },
});
