// ESLint flat config. Imports point one way (DESIGN.md):
//   apps/web → api → jobs/server → llm/db/core; core imports nothing of ours.
// A wrong-way import is an error, not a warning.
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import globals from "globals";

const ours = (...names) => names.map((n) => ({ group: [`@yardstick/${n}`, `@yardstick/${n}/*`], message: `Imports point downward only (DESIGN.md): this package must not import @yardstick/${n}.` }));
const prisma = {
  group: ["@prisma/*", "**/generated/prisma/*"],
  message: "Prisma is imported only inside packages/db; use its named data functions.",
};

export default tseslint.config(
  {
    ignores: ["**/node_modules/**", "**/.next/**", "**/generated/**", "**/dist/**", "e2e/test-results/**", "e2e/playwright-report/**", "**/next-env.d.ts", ".yardstick/**"],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  { languageOptions: { globals: { ...globals.node } } },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-explicit-any": "error",
    },
  },
  {
    files: ["packages/core/**"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [...ours("db", "api", "jobs", "llm", "sdk", "cli", "web"), prisma, { group: ["next", "next/*", "react"], message: "core is pure domain code." }] }],
    },
  },
  {
    files: ["packages/db/**"],
    rules: { "no-restricted-imports": ["error", { patterns: ours("api", "jobs", "llm", "sdk", "cli", "web", "core") }] },
  },
  {
    files: ["packages/llm/**"],
    rules: { "no-restricted-imports": ["error", { patterns: [...ours("api", "jobs", "db", "sdk", "cli", "web"), prisma] }] },
  },
  {
    files: ["packages/sdk/**", "packages/cli/**"],
    rules: { "no-restricted-imports": ["error", { patterns: [...ours("db", "api", "jobs", "llm", "web"), prisma] }] },
  },
  {
    // Cross-package integration tests may drive the SDK against the real server.
    files: ["packages/api/test/**"],
    rules: { "no-restricted-imports": ["error", { patterns: [prisma] }] },
  },
  {
    files: ["packages/api/src/**"],
    rules: { "no-restricted-imports": ["error", { patterns: [...ours("web", "sdk", "cli"), prisma] }] },
  },
  {
    // Jobs may use server, db, llm, core and contracts; the API layer sits above them.
    files: ["packages/jobs/**"],
    rules: { "no-restricted-imports": ["error", { patterns: [...ours("api", "web", "sdk", "cli"), prisma] }] },
  },
  {
    files: ["apps/web/**", "scripts/**", "e2e/**", "bench/**"],
    rules: { "no-restricted-imports": ["error", { patterns: [prisma] }] },
  },
);
