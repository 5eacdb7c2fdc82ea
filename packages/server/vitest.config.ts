import { defineConfig } from "vitest/config";

// Unit tests: no database.
export default defineConfig({
  test: { include: ["src/**/*.test.ts"], exclude: ["**/*.int.test.ts", "**/node_modules/**"] },
});
