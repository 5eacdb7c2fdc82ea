import { defineConfig } from "vitest/config";

// Unit tests: no server, no database.
export default defineConfig({
  test: { include: ["src/**/*.test.ts"], exclude: ["**/node_modules/**"], environment: "node" },
});
