import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import * as bg from "@prisma/schema-engine-wasm/schema_engine_bg";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import pg from "pg";

// The Prisma CLI's migrate commands need a native schema engine that cannot be downloaded here,
// so we drive the WASM build of the same engine directly. The module must be instantiated once
// per process (wasm-bindgen keeps global state).
let ready: Promise<void> | undefined;
function initWasm(): Promise<void> {
  ready ??= (async () => {
    // wasm-bindgen reports Rust panics through this global
    (globalThis as Record<string, unknown>).PRISMA_WASM_PANIC_REGISTRY ??= {
      set_message: (m: string) => console.error(`schema engine panic: ${m}`),
    };
    const require = createRequire(import.meta.url);
    const js = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
    const bytes = readFileSync(js.replace(/schema_engine_bg\.js$/, "schema_engine_bg.wasm"));
    const { instance } = await WebAssembly.instantiate(bytes, { "./schema_engine_bg.js": bg });
    bg.__wbg_set_wasm(instance.exports);
    (instance.exports as unknown as { __wbindgen_start: () => void }).__wbindgen_start();
  })();
  return ready;
}

// The engine's introspection reads pg_catalog columns of type "char" (OID 18), which the
// adapter cannot deserialise; report them as text (OID 25) - the values already are strings.
const CHAR_OID = 18;
const TEXT_OID = 25;
function charAsText(res: pg.QueryResult | undefined): void {
  for (const f of res?.fields ?? []) if (f.dataTypeID === CHAR_OID) f.dataTypeID = TEXT_OID;
}
class CharAsTextClient extends pg.Client {
  override query(...args: unknown[]): never {
    const last = args[args.length - 1];
    if (typeof last === "function") {
      // pg.Pool#query calls Client#query with a callback
      args[args.length - 1] = (err: Error | null, res: pg.QueryResult) => {
        charAsText(res);
        (last as (e: Error | null, r: pg.QueryResult) => void)(err, res);
      };
    }
    const result = (super.query as (...a: unknown[]) => unknown)(...args);
    if (result instanceof Promise) {
      return result.then((res: pg.QueryResult) => {
        charAsText(res);
        return res;
      }) as never;
    }
    return result as never;
  }
}

const NO_FILTERS = { externalTables: [], externalEnums: [] };

/** prisma/schema at the repository root: the schema, split by domain over several .prisma files. */
export const SCHEMA_DIR = fileURLToPath(new URL("../../../prisma/schema", import.meta.url));

export interface SchemaFile {
  path: string;
  content: string;
}

/** Every .prisma file of the schema folder (as `prisma generate` reads it), sorted by name. */
export function readSchemaFiles(dir: string = SCHEMA_DIR): SchemaFile[] {
  const names = readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((n) => n.endsWith(".prisma"))
    .sort();
  if (names.length === 0) throw new Error(`no .prisma files in ${dir}`);
  return names.map((n) => ({ path: n, content: readFileSync(join(dir, n), "utf8") }));
}

/** SQL that takes the database at `url` to the state described by the schema files; "" when in sync. */
export async function diffDatabaseToSchema(url: string, files: SchemaFile[]): Promise<string> {
  await initWasm();
  const factory = bindMigrationAwareSqlAdapterFactory(
    new PrismaPg(new pg.Pool({ connectionString: url, max: 1, Client: CharAsTextClient })),
  );
  const engine = await bg.SchemaEngine.new({ datamodels: files.map((f) => [f.path, f.content]) }, () => {}, factory);
  try {
    const result = await engine.diff({
      from: { tag: "schemaDatasource", files, configDir: process.cwd() },
      to: { tag: "schemaDatamodel", files },
      script: true,
      exitCode: null,
      filters: NO_FILTERS,
    });
    const sql = result.stdout ?? "";
    return /^\s*(-- This is an empty migration\.)?\s*$/.test(sql) ? "" : sql;
  } finally {
    engine.free();
  }
}
