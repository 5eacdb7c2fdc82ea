import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";
import { fileURLToPath } from "node:url";

// The import-direction rule (DESIGN.md) is an ESLint *error*: prove it fires, and only where it should.
// Linted as text at paths that do not exist, so the type-aware rules (which need a real file in a
// tsconfig) are switched off here; the import rules are syntactic.
const eslint = new ESLint({
  cwd: fileURLToPath(new URL("..", import.meta.url)),
  overrideConfig: {
    languageOptions: { parserOptions: { projectService: false, project: null } },
    rules: { "@typescript-eslint/no-floating-promises": "off", "@typescript-eslint/no-misused-promises": "off" },
  },
});

async function errorsFor(file: string, source: string) {
  const [result] = await eslint.lintText(source, { filePath: file });
  return (result?.messages ?? []).filter((m) => m.ruleId === "no-restricted-imports" && m.severity === 2);
}

describe("import boundaries", () => {
  const cases: Array<[string, string, boolean]> = [
    ["packages/core/src/x.ts", `import { getDb } from "@yardstick/db";`, true],
    ["packages/core/src/x.ts", `import { appRouter } from "@yardstick/api";`, true],
    ["packages/core/src/x.ts", `import { AppError } from "@yardstick/server";`, true],
    ["packages/core/src/x.ts", `import { PrismaClient } from "@prisma/client";`, true],
    ["packages/core/src/x.ts", `import { ZIngestionEvent } from "@yardstick/contracts/ingest";`, false],
    ["packages/contracts/src/x.ts", `import { computeCost } from "@yardstick/core/cost";`, true],
    ["packages/contracts/src/x.ts", `import { getDb } from "@yardstick/db";`, true],
    ["packages/db/src/x.ts", `import { appRouter } from "@yardstick/api";`, true],
    ["packages/db/src/x.ts", `import { AppError } from "@yardstick/server";`, true],
    ["packages/db/src/x.ts", `import { TTraceRow } from "@yardstick/contracts/ingest-rows";`, false],
    ["packages/server/src/x.ts", `import { appRouter } from "@yardstick/api";`, true],
    ["packages/server/src/x.ts", `import { TRPCError } from "@trpc/server";`, true],
    ["packages/server/src/x.ts", `import { NextResponse } from "next/server";`, true],
    ["packages/server/src/x.ts", `import { inngest } from "@yardstick/jobs";`, true],
    ["packages/server/src/x.ts", `import { PrismaClient } from "@prisma/client";`, true],
    ["packages/server/src/x.ts", `import { getDb } from "@yardstick/db";`, false],
    ["packages/server/src/x.ts", `import { complete } from "@yardstick/llm";`, false],
    ["packages/jobs/src/x.ts", `import { appRouter } from "@yardstick/api";`, true],
    ["packages/jobs/src/x.ts", `import { getDb } from "@yardstick/db";`, true],
    ["packages/jobs/src/x.ts", `import { AppError } from "@yardstick/server";`, false],
    ["packages/cli/src/x.ts", `import { appRouter } from "@yardstick/api";`, true],
    ["packages/cli/src/x.ts", `import { AppError } from "@yardstick/server";`, true],
    ["packages/cli/src/x.ts", `import { Yardstick } from "@yardstick/sdk";`, false],
    ["packages/cli/src/x.ts", `import { getDb } from "@yardstick/db";`, true],
    ["packages/cli/src/x.ts", `import { inngest } from "@yardstick/jobs";`, true],
    ["packages/cli/src/x.ts", `import { PrismaClient } from "@prisma/client";`, true],
    ["packages/cli/src/x.ts", `import { ZSuite } from "@yardstick/contracts/suite";`, false],
    ["packages/cli/src/x.ts", `import { parseDatasetFile } from "@yardstick/core/datasets";`, false],
    ["packages/api/src/x.ts", `import { PrismaClient } from "@prisma/client";`, true],
    ["packages/api/src/x.ts", `import x from "@yardstick/web";`, true],
    ["packages/api/src/x.ts", `import { getDb } from "@yardstick/db";`, true],
    ["packages/api/src/x.ts", `import { findProject } from "@yardstick/db";`, false],
    ["packages/api/src/x.ts", `import { AppError } from "@yardstick/server";`, false],
    ["packages/api/test/x.ts", `import { getDb } from "@yardstick/db";`, false],
    ["apps/web/src/x.ts", `import { PrismaClient } from "@prisma/client";`, true],
    ["apps/web/src/x.ts", `import { setDb } from "@yardstick/db";`, true],
    ["apps/web/src/x.ts", `import { signUp } from "@yardstick/server/services/users";`, true],
    ["packages/sdk/src/x.ts", `import { getDb } from "@yardstick/db";`, true],
    ["packages/sdk/src/x.ts", `import { computeCost } from "@yardstick/core/cost";`, true],
    ["packages/sdk/src/x.ts", `import { ZIngestionEvent } from "@yardstick/contracts/ingest";`, false],
    ["packages/llm/src/x.ts", `import { getDb } from "@yardstick/db";`, true],
    ["apps/web/src/x.ts", `import { appRouter } from "@yardstick/api";`, false],
    ["apps/web/src/components/x.tsx", `import { judgeBias } from "@yardstick/core/judge";`, true],
    ["apps/web/src/components/x.tsx", `import { judgeBias } from "@yardstick/core/judge-view";`, false],
    ["apps/web/src/lib/x.ts", `import { bootstrapCi } from "@yardstick/core/stats";`, true],
    ["packages/db/src/x.ts", `import { PrismaPg } from "@prisma/adapter-pg";`, false],
    ["packages/jobs/src/x.ts", `import { appRouter } from "@yardstick/api";`, true],
    ["packages/jobs/src/x.ts", `import { PrismaClient } from "@prisma/client";`, true],
    ["packages/jobs/src/x.ts", `import x from "@yardstick/web";`, true],
    ["packages/jobs/src/x.ts", `import { createProvider } from "@yardstick/llm";`, false],
  ];
  for (const [file, source, forbidden] of cases) {
    it(`${file}: ${source} is ${forbidden ? "an error" : "allowed"}`, async () => {
      const errors = await errorsFor(
        file,
        `${source}\nexport const used = [${source
          .match(/\{ (\w+) \}|import (\w+)/)
          ?.slice(1)
          .find(Boolean)}];\n`,
      );
      expect(errors.length > 0).toBe(forbidden);
    });
  }
});
