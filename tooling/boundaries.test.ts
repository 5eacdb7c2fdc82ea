import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";
import { fileURLToPath } from "node:url";

// The import-direction rule (DESIGN.md) is an ESLint *error*: prove it fires, and only where it should.
const eslint = new ESLint({ cwd: fileURLToPath(new URL("..", import.meta.url)) });

async function errorsFor(file: string, source: string) {
  const [result] = await eslint.lintText(source, { filePath: file });
  return (result?.messages ?? []).filter((m) => m.ruleId === "no-restricted-imports" && m.severity === 2);
}

describe("import boundaries", () => {
  const cases: Array<[string, string, boolean]> = [
    ["packages/core/src/x.ts", `import { getDb } from "@yardstick/db";`, true],
    ["packages/core/src/x.ts", `import { appRouter } from "@yardstick/api";`, true],
    ["packages/core/src/x.ts", `import { PrismaClient } from "@prisma/client";`, true],
    ["packages/db/src/x.ts", `import { appRouter } from "@yardstick/api";`, true],
    ["packages/api/src/x.ts", `import { PrismaClient } from "@prisma/client";`, true],
    ["packages/api/src/x.ts", `import x from "@yardstick/web";`, true],
    ["apps/web/src/x.ts", `import { PrismaClient } from "@prisma/client";`, true],
    ["packages/api/src/x.ts", `import { getDb } from "@yardstick/db";`, false],
    ["packages/sdk/src/x.ts", `import { getDb } from "@yardstick/db";`, true],
    ["packages/sdk/src/x.ts", `import { ZIngestionEvent } from "@yardstick/core/ingest";`, false],
    ["packages/llm/src/x.ts", `import { getDb } from "@yardstick/db";`, true],
    ["apps/web/src/x.ts", `import { appRouter } from "@yardstick/api";`, false],
    ["packages/db/src/x.ts", `import { PrismaPg } from "@prisma/adapter-pg";`, false],
    ["packages/jobs/src/x.ts", `import { appRouter } from "@yardstick/api";`, true],
    ["packages/jobs/src/x.ts", `import { PrismaClient } from "@prisma/client";`, true],
    ["packages/jobs/src/x.ts", `import x from "@yardstick/web";`, true],
    ["packages/jobs/src/x.ts", `import { getDb } from "@yardstick/db";`, false],
    ["packages/jobs/src/x.ts", `import { createProvider } from "@yardstick/llm";`, false],
  ];
  for (const [file, source, forbidden] of cases) {
    it(`${file}: ${source} is ${forbidden ? "an error" : "allowed"}`, async () => {
      const errors = await errorsFor(file, `${source}\nexport const used = [${source.match(/\{ (\w+) \}|import (\w+)/)?.slice(1).find(Boolean)}];\n`);
      expect(errors.length > 0).toBe(forbidden);
    });
  }
});
