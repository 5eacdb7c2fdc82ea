import { DATASET_PARTITIONS, type TDatasetPartition } from "@yardstick/core/datasets";
import type { TBadgeTone } from "~/components/ui/badge";
import type { RouterOutputs } from "./types";

export { DATASET_PARTITIONS, type TDatasetPartition };

export type TDatasetSummary = RouterOutputs["datasets"]["list"][number];
export type TDataset = RouterOutputs["datasets"]["get"];
export type TDatasetVersion = TDataset["versions"][number];
export type TDatasetItem = RouterOutputs["datasets"]["items"]["items"][number];
export type TDatasetDiff = RouterOutputs["datasets"]["diffVersions"];
export type TPartitionCounts = Record<TDatasetPartition, number>;

export const PARTITION_META: Record<TDatasetPartition, { label: string; tone: TBadgeTone; bar: string; hint: string }> =
  {
    golden: { label: "Golden", tone: "amber", bar: "bg-amber-400", hint: "Hand-checked reference answers" },
    regression: {
      label: "Regression",
      tone: "indigo",
      bar: "bg-indigo-500",
      hint: "Past failures that must stay fixed",
    },
    adversarial: { label: "Adversarial", tone: "red", bar: "bg-red-400", hint: "Attacks and edge cases" },
    distribution: { label: "Distribution", tone: "green", bar: "bg-emerald-400", hint: "Production-like traffic" },
  };

export function emptyCounts(): TPartitionCounts {
  return { golden: 0, regression: 0, adversarial: 0, distribution: 0 };
}

/** Partition counts as stored (a JSON column), with missing partitions as 0. */
export function partitionCounts(raw: unknown): TPartitionCounts {
  const out = emptyCounts();
  if (raw && typeof raw === "object") {
    for (const p of DATASET_PARTITIONS) {
      const n = (raw as Record<string, unknown>)[p];
      if (typeof n === "number") out[p] = n;
    }
  }
  return out;
}

export type TChangeSummary = { added: number; removed: number; modified: number };

export function changeSummary(raw: unknown): TChangeSummary {
  const r = (raw ?? {}) as Partial<TChangeSummary>;
  return { added: r.added ?? 0, removed: r.removed ?? 0, modified: r.modified ?? 0 };
}

/** One line of text for a JSON value or a string, for table cells. */
export function previewValue(value: unknown, max = 140): string {
  if (value === null || value === undefined) return "";
  let text: string;
  if (typeof value === "string") text = value;
  else {
    try {
      text = JSON.stringify(value);
    } catch {
      text = String(value);
    }
  }
  text = text.replace(/\s+/g, " ").trim();
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** The import format a file name implies, or null when it says nothing. */
export function formatFromFileName(name: string): "jsonl" | "csv" | null {
  const lower = name.toLowerCase();
  if (lower.endsWith(".csv")) return "csv";
  if (lower.endsWith(".jsonl") || lower.endsWith(".ndjson") || lower.endsWith(".json")) return "jsonl";
  return null;
}

/** Guesses the format of pasted text: a JSON object on the first line means JSONL. */
export function sniffFormat(content: string): "jsonl" | "csv" {
  const first = content.replace(/^\uFEFF/, "").trimStart();
  return first.startsWith("{") ? "jsonl" : "csv";
}

/** Saves text as a file through a Blob link. */
export function downloadText(filename: string, content: string, type = "application/x-ndjson") {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function authorName(user: { name: string | null; email: string } | null | undefined): string {
  if (!user) return "API";
  return user.name || user.email;
}
