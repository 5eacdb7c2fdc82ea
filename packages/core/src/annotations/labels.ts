// Labels under a queue's score config: validity, pass/fail, and agreement between reviewers.
import { bootstrapPercentiles } from "./bootstrap-units";
import { krippendorffAlpha } from "../stats/agreement";

export type TScoreConfigLike =
  | { name: string; type: "numeric"; min: number; max: number; passAtLeast: number }
  | { name: string; type: "categorical"; options: string[]; failing: string[] }
  | { name: string; type: "boolean" };

export type TLabelValue = { value: number | null; stringValue: string | null; failed: boolean };

/** The stored form of a label value, or an error message naming what is wrong. */
export function checkLabel(config: TScoreConfigLike, value: unknown): TLabelValue | { error: string } {
  switch (config.type) {
    case "numeric":
      if (typeof value !== "number" || !Number.isFinite(value)) return { error: `${config.name} must be a number` };
      if (value < config.min || value > config.max)
        return { error: `${config.name} must be between ${config.min} and ${config.max}` };
      return { value, stringValue: null, failed: value < config.passAtLeast };
    case "categorical":
      if (typeof value !== "string" || !config.options.includes(value))
        return { error: `${config.name} must be one of: ${config.options.join(", ")}` };
      return { value: null, stringValue: value, failed: config.failing.includes(value) };
    case "boolean":
      if (typeof value !== "boolean") return { error: `${config.name} must be true or false` };
      return { value: value ? 1 : 0, stringValue: null, failed: !value };
  }
}

/** The label as a comparable value for agreement: a number, or the category. */
export function labelKey(l: { value: number | null; stringValue: string | null }): number | string {
  return l.stringValue ?? l.value ?? 0;
}

export type TAgreement = {
  alpha: number | null;
  ci: [number, number] | null;
  level: "nominal" | "interval";
  units: number;
  reviewers: number;
};

/**
 * Krippendorff's α over items labelled by two or more reviewers (reviewers × items, missing
 * where a reviewer did not label), with a 95% percentile bootstrap CI over items.
 */
export function queueAgreement(
  labels: ReadonlyArray<{ itemId: string; userId: string; key: number | string }>,
  level: "nominal" | "interval",
  opts: { resamples?: number; seed?: number } = {},
): TAgreement {
  const byItem = new Map<string, Map<string, number | string>>();
  for (const l of labels) {
    let m = byItem.get(l.itemId);
    if (!m) byItem.set(l.itemId, (m = new Map()));
    m.set(l.userId, l.key);
  }
  const items = [...byItem.entries()].filter(([, m]) => m.size >= 2).sort(([a], [b]) => (a < b ? -1 : 1));
  const users = [...new Set(items.flatMap(([, m]) => [...m.keys()]))].sort();
  const empty = { alpha: null, ci: null, level, units: items.length, reviewers: users.length };
  if (items.length < 2 || users.length < 2) return empty;
  const matrix = (cols: ReadonlyArray<(typeof items)[number]>) =>
    users.map((u) => cols.map(([, m]) => m.get(u) ?? null));
  const alphaOf = (cols: ReadonlyArray<(typeof items)[number]>) => {
    try {
      const a = krippendorffAlpha(matrix(cols), level);
      return Number.isFinite(a) ? a : null;
    } catch {
      return null;
    }
  };
  const alpha = alphaOf(items);
  if (alpha === null) return empty;
  const ci = bootstrapPercentiles(items, alphaOf, { resamples: opts.resamples ?? 1000, seed: opts.seed ?? 7 });
  return { alpha, ci, level, units: items.length, reviewers: users.length };
}
