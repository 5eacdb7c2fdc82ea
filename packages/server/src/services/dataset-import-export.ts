// Dataset import (parsing and validating JSONL/CSV files into a new version) and JSONL export.
import {
  countPartitions,
  datasetItemsToJsonl,
  formatImportIssue,
  parseDatasetFile,
  type TImportIssue,
  type TParsedDatasetItem,
} from "@yardstick/core/datasets";
import { listAllVersionItems, type TDatasetMember, type TNewRevision } from "@yardstick/db";
import { AppError } from "../errors";
import { commit, itemContentHash, newItemKey, requireDataset, resolveVersion, toItem } from "./datasets";

// Datasets are versioned: every change writes a new immutable version (a set of item revisions)
// in one transaction, or nothing at all. A change that changes nothing writes no version.

export type TImportMode = "append" | "upsert" | "replace";

function importError(
  issues: TImportIssue[],
  total: number,
  code: "invalid_input" | "conflict" = "invalid_input",
): AppError {
  const shown = issues.slice(0, 10).map(formatImportIssue).join("; ");
  const more = total > 10 ? ` (and ${total - 10} more)` : "";
  return new AppError(
    code,
    `Import rejected, nothing was written (${total} error${total === 1 ? "" : "s"}): ${shown}${more}`,
    "content",
  );
}

/** Plans a version from parsed items: append adds only new ids, upsert adds or changes, replace makes the file the whole dataset. */
function planFromItems(prev: Map<string, TDatasetMember>, items: TParsedDatasetItem[], mode: TImportMode) {
  const create: TNewRevision[] = [];
  const fileKeys = new Set<string>();
  const unchanged = new Set<string>();
  const conflicts: TImportIssue[] = [];
  let added = 0;
  let modified = 0;
  for (const it of items) {
    const key = it.id ?? newItemKey();
    fileKeys.add(key);
    const contentHash = itemContentHash(it.fields);
    const old = prev.get(key);
    if (old && mode === "append") {
      conflicts.push({
        line: it.line,
        field: "id",
        message: `an item with id "${key}" already exists in the dataset (import with mode "upsert" or "replace" to change it)`,
      });
      continue;
    }
    if (old && old.contentHash === contentHash) {
      unchanged.add(key);
      continue;
    }
    if (old) modified++;
    else added++;
    create.push({ itemKey: key, contentHash, fields: it.fields });
  }
  if (conflicts.length) throw importError(conflicts, conflicts.length, "conflict");
  const created = new Set(create.map((c) => c.itemKey));
  const members = [...prev.values()];
  const keep =
    mode === "replace"
      ? members.filter((m) => unchanged.has(m.itemKey))
      : members.filter((m) => !created.has(m.itemKey));
  const removed = mode === "replace" ? members.filter((m) => !fileKeys.has(m.itemKey)).length : 0;
  return { keep, create, added, removed, modified };
}

/** Throws the import's error (every issue with line and field) unless the whole file is valid. */
export function checkDatasetFile(format: "jsonl" | "csv", content: string) {
  const parsed = parseDatasetFile(format, content);
  if (!parsed.ok) throw importError(parsed.errors, parsed.errorCount);
  return parsed.items.length;
}

/** Parses and validates the whole file first; any error rejects the import with nothing written. */
export async function importDatasetFile(
  projectId: string,
  userId: string | null,
  input: { datasetId: string; format: "jsonl" | "csv"; content: string; mode: TImportMode; message?: string | null },
) {
  await requireDataset(projectId, input.datasetId);
  const parsed = parseDatasetFile(input.format, input.content);
  if (!parsed.ok) throw importError(parsed.errors, parsed.errorCount);
  const message =
    input.message?.trim() || `Import ${input.format.toUpperCase()} (${input.mode}, ${parsed.items.length} items)`;
  return commit(projectId, input.datasetId, userId, message, (prev) => planFromItems(prev, parsed.items, input.mode));
}

/** Dry run for the import dialog: every issue with its line and field, and what the file holds. */
export async function previewDatasetImport(
  projectId: string,
  input: { datasetId: string; format: "jsonl" | "csv"; content: string },
) {
  await requireDataset(projectId, input.datasetId);
  const parsed = parseDatasetFile(input.format, input.content);
  if (!parsed.ok) return { ok: false as const, errors: parsed.errors, errorCount: parsed.errorCount };
  return {
    ok: true as const,
    itemCount: parsed.items.length,
    partitionCounts: countPartitions(parsed.items.map((i) => i.fields.partition)),
  };
}

export async function exportDatasetJsonl(projectId: string, input: { datasetId: string; version?: number }) {
  const ds = await requireDataset(projectId, input.datasetId);
  const v = await resolveVersion(ds, input.version);
  const items = v ? (await listAllVersionItems(v.id)).map(toItem) : [];
  return {
    filename: `${ds.name.replace(/[^a-zA-Z0-9._-]+/g, "_")}-v${v?.version ?? 0}.jsonl`,
    version: v?.version ?? 0,
    itemCount: items.length,
    content: datasetItemsToJsonl(items),
  };
}
