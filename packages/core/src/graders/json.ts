import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";
import Ajv2019 from "ajv/dist/2019";
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { compileUserPattern, userPatternProblem } from "../regex/safe-regex";
import { GraderConfigError } from "./errors";
import { hasNestedQuantifier } from "./regex-match";
import { passFail, type TGradeInput, type TGradeResult } from "./types";

export interface TJsonConfig {
  /** Accept output wrapped in one Markdown code fence (```json … ```), as chat models often do. */
  allowCodeFence?: boolean;
}

const FENCE = /^```[\w-]*[ \t]*\r?\n([\s\S]*?)\r?\n?```$/;

export function stripCodeFence(s: string): string {
  const m = FENCE.exec(s.trim());
  return m ? (m[1] as string) : s;
}

type TParsed = { ok: true; value: unknown } | { ok: false; error: string };

function parse(output: string, config: TJsonConfig): TParsed {
  const text = config.allowCodeFence ? stripCodeFence(output) : output;
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
}

export function isJson(config: TJsonConfig, input: TGradeInput): TGradeResult {
  const r = parse(input.output, config);
  return r.ok
    ? passFail(true, "output is valid JSON", {
        jsonType: r.value === null ? "null" : Array.isArray(r.value) ? "array" : typeof r.value,
      })
    : passFail(false, `output is not valid JSON: ${r.error}`, { parseError: r.error });
}

// Compiling a schema generates code: keep the compiled validators of recently used schemas.
const CACHE_SIZE = 128;
const cache = new Map<string, ValidateFunction>();

// `pattern` and `patternProperties` run on RE2 like every user pattern (Ajv's default is RegExp).
const regExp = Object.assign((pattern: string, u: string) => compileUserPattern(pattern, u), {
  code: 'require("@yardstick/core/regex").compileUserPattern',
});

/**
 * A fresh engine per schema (~15 ms, once per distinct schema thanks to the cache): schemas with
 * the same `$id` cannot collide, and no user schema is left registered in shared state.
 */
function engineFor(schema: unknown): Ajv {
  // strict: false, so annotations other tools add (e.g. "example") do not make a schema unusable
  // (and Ajv's strict-mode check of property names against patterns, which uses RegExp, is off).
  const opts = { allErrors: true, strict: false, code: { regExp } } as const;
  const dialect = typeof schema === "object" && schema !== null ? (schema as { $schema?: unknown }).$schema : undefined;
  if (typeof dialect === "string" && dialect.includes("2020-12")) return addFormats(new Ajv2020(opts));
  if (typeof dialect === "string" && dialect.includes("2019-09")) return addFormats(new Ajv2019(opts));
  return addFormats(new Ajv(opts));
}

/** JSON pointers of `pattern` values and `patternProperties` keys prone to catastrophic backtracking. */
function unsafePatterns(node: unknown, path = ""): string[] {
  if (typeof node !== "object" || node === null) return [];
  const found: string[] = [];
  for (const [k, v] of Object.entries(node)) {
    const here = `${path}/${k}`;
    if (k === "pattern" && typeof v === "string" && hasNestedQuantifier(v)) found.push(here);
    if (k === "patternProperties" && typeof v === "object" && v !== null) {
      for (const key of Object.keys(v)) if (hasNestedQuantifier(key)) found.push(`${here}/${key}`);
    }
    found.push(...unsafePatterns(v, here));
  }
  return found;
}

/** The first `pattern` or `patternProperties` key RE2 cannot run, as "at <pointer>: <reason>". */
function unusablePattern(node: unknown, path = ""): string | null {
  if (typeof node !== "object" || node === null) return null;
  for (const [k, v] of Object.entries(node)) {
    const here = `${path}/${k}`;
    const patterns: Array<[string, string]> = k === "pattern" && typeof v === "string" ? [[here, v]] : [];
    if (k === "patternProperties" && typeof v === "object" && v !== null) {
      for (const key of Object.keys(v)) patterns.push([`${here}/${key}`, key]);
    }
    for (const [at, p] of patterns) {
      const problem = userPatternProblem(p, "u");
      if (problem) return `regex at ${at}: ${problem.reason}`;
    }
    const inner = unusablePattern(v, here);
    if (inner) return inner;
  }
  return null;
}

/**
 * Compiles a JSON Schema (draft-07 by default; 2019-09 and 2020-12 by `$schema`) with formats.
 * An invalid schema, an unknown `$schema`, an unresolvable `$ref` or a regex with nested
 * quantifiers throws GraderConfigError("schema"). No `$ref` is ever fetched.
 */
export function compileJsonSchema(schema: unknown): ValidateFunction {
  if (typeof schema !== "boolean" && (typeof schema !== "object" || schema === null || Array.isArray(schema))) {
    throw new GraderConfigError("schema", "must be a JSON Schema object or boolean");
  }
  const key = JSON.stringify(schema);
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const unsafe = unsafePatterns(schema);
  if (unsafe.length > 0) {
    throw new GraderConfigError(
      "schema",
      `regex at ${unsafe[0]} has nested quantifiers (e.g. (a+)+), which can backtrack catastrophically`,
    );
  }
  const unusable = unusablePattern(schema);
  if (unusable) throw new GraderConfigError("schema", unusable);
  let validate: ValidateFunction;
  try {
    validate = engineFor(schema).compile(schema as object | boolean);
  } catch (e) {
    throw new GraderConfigError("schema", `invalid JSON Schema: ${(e as Error).message}`);
  }
  cache.set(key, validate);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  return validate;
}

const MAX_REPORTED_ERRORS = 20;

export function jsonSchema(config: TJsonConfig & { schema: unknown }, input: TGradeInput): TGradeResult {
  const validate = compileJsonSchema(config.schema);
  const r = parse(input.output, config);
  if (!r.ok) return passFail(false, `output is not valid JSON: ${r.error}`, { parseError: r.error, errors: [] });
  if (validate(r.value)) return passFail(true, "output matches the JSON Schema", { errors: [] });
  const all: ErrorObject[] = validate.errors ?? [];
  const errors = all.slice(0, MAX_REPORTED_ERRORS).map((e) => ({
    path: e.instancePath || "/",
    keyword: e.keyword,
    message: e.message ?? e.keyword,
    params: e.params,
  }));
  const first = errors[0];
  return passFail(
    false,
    `output does not match the JSON Schema (${all.length} error${all.length === 1 ? "" : "s"}${first ? `; ${first.path} ${first.message}` : ""})`,
    {
      errors,
      errorCount: all.length,
    },
  );
}
