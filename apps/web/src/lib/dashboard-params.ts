// The dashboard's range, filters and comparison live in the URL so a view can be shared; the
// explorer link of a chart point carries the same filters for that point's time bucket.

export const DASHBOARD_PARAM_KEYS = [
  "range",
  "from",
  "to",
  "env",
  "release",
  "model",
  "name",
  "prompt",
  "tags",
  "user",
  "threshold",
  "compare",
  "a",
  "b",
] as const;
export type TDashboardParamKey = (typeof DASHBOARD_PARAM_KEYS)[number];
export type TDashboardState = Partial<Record<TDashboardParamKey, string>>;
export const DASHBOARD_RANGE_OPTIONS = [
  { id: "24h", label: "Last 24 hours" },
  { id: "7d", label: "Last 7 days" },
  { id: "30d", label: "Last 30 days" },
  { id: "90d", label: "Last 90 days" },
  { id: "custom", label: "Custom range…" },
] as const;
export type TDashboardRange = (typeof DASHBOARD_RANGE_OPTIONS)[number]["id"];

export function readDashboardState(params: URLSearchParams): TDashboardState {
  const out: TDashboardState = {};
  for (const k of DASHBOARD_PARAM_KEYS) {
    const v = params.get(k);
    if (v) out[k] = v;
  }
  return out;
}

export function writeDashboardState(state: TDashboardState): string {
  const p = new URLSearchParams();
  for (const k of DASHBOARD_PARAM_KEYS) {
    const v = state[k]?.trim();
    if (v) p.set(k, v);
  }
  return p.toString();
}

const dateOrUndefined = (v?: string) => {
  if (!v) return undefined;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? undefined : d;
};

/** "name@3" → { promptName, promptVersion } (the last "@" splits, names may hold one). */
export function parsePromptKey(v?: string): { promptName?: string; promptVersion?: number } {
  if (!v) return {};
  const at = v.lastIndexOf("@");
  const version = at > 0 ? Number(v.slice(at + 1)) : NaN;
  return Number.isInteger(version) && version > 0
    ? { promptName: v.slice(0, at), promptVersion: version }
    : { promptName: v };
}

/** The `dashboards.get` query for the URL state. */
export function toDashboardQuery(s: TDashboardState) {
  const range = (DASHBOARD_RANGE_OPTIONS.some((o) => o.id === s.range) ? s.range : "7d") as TDashboardRange;
  const from = dateOrUndefined(s.from);
  const to = dateOrUndefined(s.to);
  const custom = range === "custom" && from && to && from < to;
  const tags = s.tags
    ?.split(",")
    .map((t) => t.trim())
    .filter(Boolean);
  const threshold = s.threshold !== undefined && s.threshold !== "" ? Number(s.threshold) : NaN;
  const compareOk = (s.compare === "release" || s.compare === "prompt") && s.a && s.b;
  return {
    range: custom ? ("custom" as const) : range === "custom" ? ("7d" as const) : range,
    ...(custom ? { from, to } : {}),
    filters: {
      environment: s.env || undefined,
      release: s.release || undefined,
      model: s.model || undefined,
      name: s.name || undefined,
      ...parsePromptKey(s.prompt),
      tags: tags?.length ? tags : undefined,
      userId: s.user || undefined,
    },
    scoreThreshold: Number.isFinite(threshold) ? threshold : 0.5,
    ...(compareOk ? { compare: { dimension: s.compare as "release" | "prompt", a: s.a!, b: s.b! } } : {}),
  };
}

/** The explorer's custom range inputs are datetime-local: the instant in the browser's time zone. */
export function localInputValue(ms: number): string {
  return new Date(ms - new Date(ms).getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

/**
 * The trace explorer for one time bucket with the dashboard's filters (the explorer reads
 * range/from/to/env/release/model/name/tags/user/prompt/promptVersion/errors). `extra` narrows further (e.g. a model,
 * errors only, or one side of a comparison).
 */
export function explorerHref(
  projectId: string,
  s: TDashboardState,
  bucket: { start: string; ms: number },
  extra: { model?: string; release?: string; errors?: boolean; prompt?: string } = {},
): string {
  const p = new URLSearchParams();
  const start = new Date(bucket.start).getTime();
  p.set("range", "custom");
  p.set("from", localInputValue(start));
  p.set("to", localInputValue(start + bucket.ms));
  const set = (k: string, v?: string) => v && p.set(k, v);
  set("env", s.env);
  set("release", extra.release ?? s.release);
  set("model", extra.model ?? s.model);
  set("name", s.name);
  set("tags", s.tags);
  set("user", s.user);
  const prompt = parsePromptKey(extra.prompt ?? s.prompt);
  // The explorer's keys (lib/trace-filters.ts): `prompt` is the name, `promptVersion` the version.
  set("prompt", prompt.promptName);
  set("promptVersion", prompt.promptVersion?.toString());
  if (extra.errors) p.set("errors", "1");
  return `/projects/${projectId}/traces?${p.toString()}`;
}

/** RFC 4180 CSV of rows (the columns of the first row, then any others). */
export function toCsv(rows: ReadonlyArray<Record<string, unknown>>): string {
  const cols = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const cell = (v: unknown) => {
    if (v === null || v === undefined) return "";
    const s = typeof v === "object" ? JSON.stringify(v) : String(v);
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [cols.map(cell).join(","), ...rows.map((r) => cols.map((c) => cell(r[c])).join(","))].join("\n") + "\n";
}
