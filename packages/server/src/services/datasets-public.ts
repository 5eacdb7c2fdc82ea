import type { TPublicDatasetPushResponse } from "@yardstick/contracts/public-runs";
import { findDatasetRowByName } from "@yardstick/db";
import { AppError } from "../errors";
import { checkDatasetFile, exportDatasetJsonl, importDatasetFile, type TImportMode } from "./dataset-import-export";
import { createDataset } from "./datasets";

// Datasets by name as JSONL files, so they can live in git: `yardstick push dataset` /
// `yardstick pull dataset`. The import is the same strict all-or-nothing one as the web app's.

// eslint-disable-next-line no-control-regex -- names must not carry control characters
const NAME_RE = /^[^\u0000-\u001f]{1,100}$/;

/** Imports a JSONL file into the dataset `name` (created when missing); a file that changes nothing writes no version. */
export async function pushDatasetJsonl(
  projectId: string,
  name: string,
  input: { content: string; mode?: TImportMode; message?: string },
): Promise<TPublicDatasetPushResponse> {
  if (!NAME_RE.test(name)) throw new AppError("invalid_input", "name: 1-100 characters, no control characters", "name");
  let ds = await findDatasetRowByName(projectId, name);
  const created = !ds;
  // Validate before creating, so a bad file leaves no empty dataset behind.
  checkDatasetFile("jsonl", input.content);
  ds ??= await createDataset(projectId, { name, description: "Pushed by the yardstick CLI" });
  const r = await importDatasetFile(projectId, null, {
    datasetId: ds.id,
    format: "jsonl",
    content: input.content,
    mode: input.mode ?? "replace",
    message: input.message ?? null,
  });
  return {
    dataset: { id: ds.id, name: ds.name },
    version: r.version?.version ?? 0,
    created,
    changed: r.changed,
    itemCount: r.version?.itemCount ?? 0,
  };
}

export async function pullDatasetJsonl(projectId: string, name: string, version?: number) {
  const ds = await findDatasetRowByName(projectId, name);
  if (!ds) throw new AppError("not_found", `name: no dataset named "${name}" in this project`, "name");
  return exportDatasetJsonl(projectId, { datasetId: ds.id, version });
}
