import { z } from "zod";
import { CsvSyntaxError, parseCsv } from "./csv";

// Dataset items: the one contract for imports (JSONL, CSV), the tRPC editor and exports.
// Validation is strict and loud: unknown fields are errors naming the line and the field, and
// `expectedOutput` must be present (null for reference-free grading), so a file whose
// `expected_output` column was renamed can never be read silently as "no reference".

export const DATASET_PARTITIONS = ["golden", "regression", "adversarial", "distribution"] as const;
export type TDatasetPartition = (typeof DATASET_PARTITIONS)[number];
/** Items that name no partition land here: production-like traffic is the safe default. */
export const DEFAULT_PARTITION: TDatasetPartition = "distribution";

export const DATASET_LIMITS = {
  maxBytes: 20 * 1024 * 1024,
  maxItems: 50_000,
  maxIdLength: 200,
  maxTextLength: 200_000,
  maxTags: 50,
  /** Errors listed in one report; the total is still counted. */
  maxReportedErrors: 50,
} as const;

export const ZDatasetPartition = z.enum(DATASET_PARTITIONS, {
  error: `must be one of ${DATASET_PARTITIONS.join(", ")}`,
});

export const ZDatasetItemId = z
  .string({ error: "must be a string" })
  .min(1, "must not be empty")
  .max(DATASET_LIMITS.maxIdLength, `must be at most ${DATASET_LIMITS.maxIdLength} characters`)
  // eslint-disable-next-line no-control-regex
  .regex(/^[^\u0000-\u001f\u007f]+$/, "must not contain control characters");

const ZText = z.string({ error: "must be a string" }).max(DATASET_LIMITS.maxTextLength, "is too long");
const ZJsonObject = z.record(z.string(), z.json(), { error: "must be a JSON object" });

/** One item as written in a file or sent by the editor. */
export const ZDatasetItem = z.strictObject({
  id: ZDatasetItemId.optional(),
  input: z.json({ error: "must be JSON" }).refine((v) => v !== null && v !== undefined, "is required"),
  // Required key: `null` (not absence) marks a reference-free item. validateDatasetItem reports absence.
  expectedOutput: z.union([ZText, z.null()], { error: "must be a string or null" }),
  context: ZText.nullable().optional(),
  partition: ZDatasetPartition.default(DEFAULT_PARTITION),
  tags: z
    .array(z.string({ error: "must be strings" }).trim().min(1, "must not be empty").max(100), {
      error: "must be an array of strings",
    })
    .max(DATASET_LIMITS.maxTags, `at most ${DATASET_LIMITS.maxTags} tags`)
    .default([]),
  metadata: ZJsonObject.nullable().optional(),
  source: z.string({ error: "must be a string" }).max(100).nullable().optional(),
  provenance: ZJsonObject.nullable().optional(),
});
export type TDatasetItemInput = z.input<typeof ZDatasetItem>;

export const DATASET_ITEM_FIELDS = Object.keys(ZDatasetItem.shape) as Array<keyof typeof ZDatasetItem.shape>;
const REQUIRED_FIELDS = ["input", "expectedOutput"] as const;
/** Accepted spellings of field names in files (the canonical name is camelCase). */
const FIELD_ALIASES: Record<string, string> = { expected_output: "expectedOutput" };

/** The stored content of an item: every optional field made explicit, so equal content hashes equal. */
export type TDatasetItemFields = {
  input: unknown;
  expectedOutput: string | null;
  context: string | null;
  partition: TDatasetPartition;
  tags: string[];
  metadata: Record<string, unknown> | null;
  source: string | null;
  provenance: Record<string, unknown> | null;
};
export type TDatasetItem = TDatasetItemFields & { id: string };
export type TParsedDatasetItem = { line: number; id: string | undefined; fields: TDatasetItemFields };
export type TImportIssue = { line: number; field?: string; message: string };
export type TImportResult =
  { ok: true; items: TParsedDatasetItem[] } | { ok: false; errors: TImportIssue[]; errorCount: number };

export function normalizeDatasetItem(item: z.output<typeof ZDatasetItem>): {
  id: string | undefined;
  fields: TDatasetItemFields;
} {
  return {
    id: item.id,
    fields: {
      input: item.input,
      expectedOutput: item.expectedOutput,
      context: item.context ?? null,
      partition: item.partition,
      tags: [...new Set(item.tags)],
      metadata: (item.metadata as Record<string, unknown> | null | undefined) ?? null,
      source: item.source ?? null,
      provenance: (item.provenance as Record<string, unknown> | null | undefined) ?? null,
    },
  };
}

/** JSON with object keys sorted at every level: the input of content hashes. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

export function formatImportIssue(i: TImportIssue): string {
  return `line ${i.line}: ${i.field ? `field ${i.field}: ` : ""}${i.message}`;
}

/** Collects issues, keeping the first `maxReportedErrors`. */
class Issues {
  list: TImportIssue[] = [];
  count = 0;
  add(issue: TImportIssue) {
    this.count++;
    if (this.list.length < DATASET_LIMITS.maxReportedErrors) this.list.push(issue);
  }
}

function knownFieldsText() {
  return DATASET_ITEM_FIELDS.join(", ");
}

/** Validates one item object (from a JSONL line, a CSV row or the editor) reporting every issue. */
export function validateDatasetItem(
  raw: unknown,
  line: number,
  issues: { add(i: TImportIssue): void },
  opts: { aliases?: boolean } = {},
): { id: string | undefined; fields: TDatasetItemFields } | undefined {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    issues.add({ line, message: "expected a JSON object" });
    return undefined;
  }
  const obj: Record<string, unknown> = {};
  let bad = false;
  for (const [key, value] of Object.entries(raw)) {
    const canonical = opts.aliases ? (FIELD_ALIASES[key] ?? key) : key;
    if (!(DATASET_ITEM_FIELDS as string[]).includes(canonical)) {
      issues.add({ line, field: key, message: `unknown field (known fields: ${knownFieldsText()})` });
      bad = true;
      continue;
    }
    if (canonical in obj) {
      issues.add({ line, field: key, message: `given twice (as ${canonical} and ${key})` });
      bad = true;
      continue;
    }
    obj[canonical] = value;
  }
  const missing = new Set<string>();
  for (const req of REQUIRED_FIELDS) {
    if (obj[req] === undefined) {
      missing.add(req);
      const hint = req === "expectedOutput" ? " (use null for reference-free grading)" : "";
      issues.add({ line, field: req, message: `missing required field${hint}` });
    }
  }
  const parsed = ZDatasetItem.safeParse(obj);
  if (!parsed.success) {
    for (const iss of parsed.error.issues) {
      const field = iss.path.length ? iss.path.map(String).join(".") : undefined;
      if (field && missing.has(field)) continue;
      issues.add({ line, ...(field && { field }), message: iss.message });
    }
    return undefined;
  }
  if (missing.size) return undefined;
  return bad ? undefined : normalizeDatasetItem(parsed.data);
}

function checkSize(content: string, issues: Issues): boolean {
  // UTF-16 length is a cheap lower bound; compute exact bytes only near the limit.
  const bytes =
    content.length * 3 < DATASET_LIMITS.maxBytes ? content.length : new TextEncoder().encode(content).byteLength;
  if (bytes > DATASET_LIMITS.maxBytes) {
    issues.add({
      line: 0,
      message: `the file is ${bytes} bytes; the limit is ${DATASET_LIMITS.maxBytes} bytes (20 MB)`,
    });
    return false;
  }
  return true;
}

function finish(items: TParsedDatasetItem[], issues: Issues): TImportResult {
  const seen = new Map<string, number>();
  for (const it of items) {
    if (it.id === undefined) continue;
    const first = seen.get(it.id);
    if (first !== undefined)
      issues.add({ line: it.line, field: "id", message: `duplicate id "${it.id}" (first on line ${first})` });
    else seen.set(it.id, it.line);
  }
  if (items.length > DATASET_LIMITS.maxItems) {
    issues.add({ line: 0, message: `${items.length} items; the limit is ${DATASET_LIMITS.maxItems} per import` });
  }
  if (issues.count === 0 && items.length === 0) issues.add({ line: 0, message: "the file holds no items" });
  return issues.count ? { ok: false, errors: issues.list, errorCount: issues.count } : { ok: true, items };
}

function stripBom(s: string): string {
  return s.charCodeAt(0) === 0xfeff ? s.slice(1) : s;
}

/** JSONL: one JSON object per line; blank lines are skipped. Reports every bad line. */
export function parseDatasetJsonl(content: string): TImportResult {
  const issues = new Issues();
  if (!checkSize(content, issues)) return { ok: false, errors: issues.list, errorCount: issues.count };
  const items: TParsedDatasetItem[] = [];
  const lines = stripBom(content).split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i]!;
    if (text.trim() === "") continue;
    const line = i + 1;
    if (items.length > DATASET_LIMITS.maxItems) break; // counted in finish(); stop parsing a huge file
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (e) {
      issues.add({ line, message: `invalid JSON (${(e as Error).message})` });
      continue;
    }
    const item = validateDatasetItem(raw, line, issues, { aliases: true });
    if (item) items.push({ line, ...item });
  }
  return finish(items, issues);
}

/** CSV columns → item fields. The header must use exactly these names (either spelling). */
const CSV_COLUMNS: Record<string, keyof typeof ZDatasetItem.shape> = {
  id: "id",
  input: "input",
  expected_output: "expectedOutput",
  expectedOutput: "expectedOutput",
  context: "context",
  partition: "partition",
  tags: "tags",
  metadata: "metadata",
  source: "source",
};
const CSV_REQUIRED = ["input", "expectedOutput"] as const;
export const CSV_COLUMN_NAMES = [
  "id",
  "input",
  "expected_output",
  "context",
  "partition",
  "tags",
  "metadata",
  "source",
];

/**
 * CSV with a header row. Cells: `input` is JSON when it starts with `{` or `[` (and must then be
 * valid JSON), else plain text; `metadata` is a JSON object; `tags` are separated by `;` or `|`;
 * an empty `expected_output` is null (reference-free); empty `id`, `context`, `partition`,
 * `metadata`, `source` mean "not given".
 */
export function parseDatasetCsv(content: string): TImportResult {
  const issues = new Issues();
  if (!checkSize(content, issues)) return { ok: false, errors: issues.list, errorCount: issues.count };
  let records;
  try {
    records = parseCsv(stripBom(content));
  } catch (e) {
    if (e instanceof CsvSyntaxError) {
      issues.add({ line: e.line, message: e.message.replace(/^line \d+: /, "") });
      return { ok: false, errors: issues.list, errorCount: issues.count };
    }
    throw e;
  }
  const [header, ...rows] = records;
  if (!header) {
    issues.add({ line: 1, message: "the file is empty (expected a header row)" });
    return { ok: false, errors: issues.list, errorCount: issues.count };
  }
  const columns: Array<keyof typeof ZDatasetItem.shape | undefined> = [];
  const seen = new Set<string>();
  for (const rawName of header.fields) {
    const name = rawName.trim();
    const field = CSV_COLUMNS[name];
    if (!field) {
      issues.add({
        line: header.line,
        field: name || "(empty)",
        message: `unknown column (known columns: ${CSV_COLUMN_NAMES.join(", ")})`,
      });
    } else if (seen.has(field)) {
      issues.add({ line: header.line, field: name, message: "column given twice" });
    }
    if (field) seen.add(field);
    columns.push(field);
  }
  for (const req of CSV_REQUIRED) {
    if (!seen.has(req)) {
      const name = req === "expectedOutput" ? "expected_output" : req;
      issues.add({ line: header.line, field: name, message: "missing required column" });
    }
  }
  if (issues.count) return { ok: false, errors: issues.list, errorCount: issues.count };

  const items: TParsedDatasetItem[] = [];
  for (const row of rows) {
    if (items.length > DATASET_LIMITS.maxItems) break;
    if (row.fields.length !== columns.length) {
      issues.add({ line: row.line, message: `expected ${columns.length} fields, found ${row.fields.length}` });
      continue;
    }
    const obj: Record<string, unknown> = {};
    let bad = false;
    row.fields.forEach((cell, i) => {
      const field = columns[i]!;
      const value = cellValue(field, cell);
      if (value.error) {
        issues.add({ line: row.line, field, message: value.error });
        bad = true;
      } else if (value.value !== undefined) obj[field] = value.value;
    });
    if (bad) continue;
    const item = validateDatasetItem(obj, row.line, issues);
    if (item) items.push({ line: row.line, ...item });
  }
  return finish(items, issues);
}

function cellValue(field: keyof typeof ZDatasetItem.shape, cell: string): { value?: unknown; error?: string } {
  const trimmed = cell.trim();
  switch (field) {
    case "input":
      if (trimmed === "") return { error: "is required" };
      if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
        try {
          return { value: JSON.parse(trimmed) };
        } catch (e) {
          return { error: `invalid JSON (${(e as Error).message}); plain-text input must not start with { or [` };
        }
      }
      return { value: cell };
    case "expectedOutput":
      return { value: cell === "" ? null : cell };
    case "metadata":
    case "provenance":
      if (trimmed === "") return {};
      try {
        return { value: JSON.parse(trimmed) };
      } catch (e) {
        return { error: `invalid JSON (${(e as Error).message})` };
      }
    case "tags":
      return {
        value: trimmed
          .split(/[;|]/)
          .map((t) => t.trim())
          .filter(Boolean),
      };
    default:
      return trimmed === "" ? {} : { value: field === "id" || field === "partition" ? trimmed : cell };
  }
}

export function parseDatasetFile(format: "jsonl" | "csv", content: string): TImportResult {
  return format === "jsonl" ? parseDatasetJsonl(content) : parseDatasetCsv(content);
}

/** One JSON object per line, fields in a fixed order; re-importing the file gives the same items. */
export function datasetItemsToJsonl(items: TDatasetItem[]): string {
  return items
    .map((it) =>
      JSON.stringify({
        id: it.id,
        input: it.input,
        expectedOutput: it.expectedOutput,
        context: it.context,
        partition: it.partition,
        tags: it.tags,
        metadata: it.metadata,
        source: it.source,
        provenance: it.provenance,
      }),
    )
    .join("\n")
    .concat(items.length ? "\n" : "");
}

/** Counts per partition, every partition present (0 when empty). */
export function countPartitions(partitions: Iterable<TDatasetPartition>): Record<TDatasetPartition, number> {
  const counts = Object.fromEntries(DATASET_PARTITIONS.map((p) => [p, 0])) as Record<TDatasetPartition, number>;
  for (const p of partitions) counts[p]++;
  return counts;
}
