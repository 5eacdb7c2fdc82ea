import { defineConfig } from "vitest/config";

// Integration tests against a real Postgres: TEST_DATABASE_URL's server (a scratch database is
// created and dropped), else an in-memory embedded Postgres (PGlite).
export default defineConfig({
  test: {
    include: ["test/**/*.int.test.ts"],
    globalSetup: ["test/global-setup.ts"],
    setupFiles: ["test/setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
