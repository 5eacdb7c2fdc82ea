// ESLint flat config. Imports point one way (DESIGN.md):
//   apps/web → api → jobs/server → llm/db/core → contracts
// core imports only contracts; contracts imports nothing of ours. A wrong-way import is an
// error, not a warning; tooling/boundaries.test.ts proves each rule fires.
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import globals from "globals";

const ours = (...names) =>
  names.map((n) => ({
    group: [`@yardstick/${n}`, `@yardstick/${n}/*`],
    message: `Imports point downward only (DESIGN.md): this package must not import @yardstick/${n}.`,
  }));
const prisma = {
  group: ["@prisma/*", "**/generated/prisma/*"],
  message: "Prisma is imported only inside packages/db; use its named data functions.",
};
const trpcOrNext = {
  group: ["@trpc/*", "next", "next/*", "next-auth", "next-auth/*"],
  message: "Services know nothing of tRPC, Next or HTTP frameworks: throw AppError and return data.",
};
// The raw client is for db's own repositories, services and tests; adapters call services.
const rawDb = {
  name: "@yardstick/db",
  importNames: ["getDb", "setDb"],
  message: "getDb/setDb are for packages/db, packages/server and tests; call a service or a named data function.",
};
const browserUnsafeCore = [
  "@yardstick/core",
  "@yardstick/core/stats",
  "@yardstick/core/judge",
  "@yardstick/core/experiments",
].map((name) => ({
  name,
  message:
    "Browser code imports core's browser-safe entries only (e.g. @yardstick/core/judge-view): the statistics bundle @stdlib, which trips the CSP.",
}));
const restrict = (patterns, paths = []) => ({ "no-restricted-imports": ["error", { patterns, paths }] });

export default tseslint.config(
  {
    ignores: [
      "**/node_modules/**",
      "**/.next/**",
      "**/generated/**",
      "**/dist/**",
      "e2e/test-results/**",
      "e2e/playwright-report/**",
      "**/next-env.d.ts",
      ".yardstick/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  { languageOptions: { globals: { ...globals.node } } },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
    },
  },
  {
    // Type-aware rules: a forgotten await or a promise passed where a callback is expected.
    files: ["**/*.ts", "**/*.tsx"],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { attributes: false } }],
    },
  },
  {
    files: ["packages/contracts/**"],
    rules: restrict([
      ...ours("core", "db", "server", "api", "jobs", "llm", "sdk", "cli", "web"),
      prisma,
      { group: ["next", "next/*", "react"], message: "contracts are zod schemas only." },
    ]),
  },
  {
    files: ["packages/core/**"],
    rules: restrict([
      ...ours("db", "server", "api", "jobs", "llm", "sdk", "cli", "web"),
      prisma,
      { group: ["next", "next/*", "react"], message: "core is pure domain code." },
    ]),
  },
  { files: ["packages/db/**"], rules: restrict(ours("server", "api", "jobs", "llm", "sdk", "cli", "web", "core")) },
  {
    files: ["packages/llm/**"],
    rules: restrict([...ours("server", "api", "jobs", "db", "sdk", "cli", "web"), prisma]),
  },
  { files: ["packages/server/**"], rules: restrict([...ours("api", "jobs", "web", "sdk", "cli"), prisma, trpcOrNext]) },
  { files: ["packages/jobs/**"], rules: restrict([...ours("api", "web", "sdk", "cli"), prisma], [rawDb]) },
  {
    files: ["packages/sdk/**"],
    rules: restrict([...ours("db", "server", "api", "jobs", "llm", "web", "core", "cli"), prisma]),
  },
  { files: ["packages/cli/**"], rules: restrict([...ours("db", "server", "api", "jobs", "llm", "web"), prisma]) },
  { files: ["packages/api/src/**"], rules: restrict([...ours("web", "sdk", "cli"), prisma], [rawDb]) },
  // Cross-package integration tests may drive the SDK against the real server and read rows.
  { files: ["packages/api/test/**", "packages/jobs/test/**"], rules: restrict([prisma]) },
  // The web app reaches business logic through packages/api (tRPC, route definitions, re-exports).
  { files: ["apps/web/**"], rules: restrict([...ours("server", "jobs"), prisma], [rawDb]) },
  // Browser code: core's statistics pull in @stdlib, whose `Function("return this;")` probe the
  // Content Security Policy reports; the pages use the browser-safe entries (e.g. judge-view).
  {
    files: ["apps/web/src/components/**", "apps/web/src/lib/**"],
    ignores: ["**/*.test.ts", "**/*.test.tsx"],
    rules: restrict([...ours("server", "jobs"), prisma], [rawDb, ...browserUnsafeCore]),
  },
  { files: ["scripts/**", "e2e/**", "bench/**"], rules: restrict([prisma]) },
);
