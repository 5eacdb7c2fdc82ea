// The trace explorer's filters live in the URL query string so a filtered view can be shared.

export const RANGE_PRESETS = [
  { id: "1h", label: "Last hour", ms: 3600_000 },
  { id: "24h", label: "Last 24 hours", ms: 24 * 3600_000 },
  { id: "7d", label: "Last 7 days", ms: 7 * 24 * 3600_000 },
  { id: "30d", label: "Last 30 days", ms: 30 * 24 * 3600_000 },
  { id: "all", label: "All time", ms: null },
] as const;
export type TRangeId = (typeof RANGE_PRESETS)[number]["id"] | "custom";
export const DEFAULT_RANGE: TRangeId = "7d";

export type TSort = "timestamp" | "latency" | "cost";
export type TOrder = "asc" | "desc";

/** Filter fields keyed by their URL parameter. Values are the raw strings from the URL. */
export const FILTER_KEYS = [
  "range",
  "from",
  "to",
  "name",
  "user",
  "session",
  "tags",
  "model",
  "env",
  "release",
  "prompt",
  "promptVersion",
  "errors",
  "minLatency",
  "minCost",
  "score",
  "scoreMin",
  "scoreMax",
  "sort",
  "order",
  "group",
] as const;
export type TFilterKey = (typeof FILTER_KEYS)[number];
export type TFilterState = Partial<Record<TFilterKey, string>>;

export function readFilters(params: URLSearchParams): TFilterState {
  const out: TFilterState = {};
  for (const k of FILTER_KEYS) {
    const v = params.get(k);
    if (v) out[k] = v;
  }
  return out;
}

export function writeFilters(state: TFilterState): string {
  const params = new URLSearchParams();
  for (const k of FILTER_KEYS) {
    const v = state[k]?.trim();
    if (v) params.set(k, v);
  }
  return params.toString();
}

export function rangeOf(state: TFilterState): TRangeId {
  const r = state.range;
  if (r === "custom" || RANGE_PRESETS.some((p) => p.id === r)) return r as TRangeId;
  return state.from || state.to ? "custom" : DEFAULT_RANGE;
}

/** `from`/`to` for a range preset or the custom inputs (datetime-local strings, local time). */
export function rangeDates(
  range: TRangeId,
  state: { from?: string; to?: string },
  now: number,
): { from?: Date; to?: Date } {
  if (range === "custom") {
    const from = state.from ? new Date(state.from) : undefined;
    const to = state.to ? new Date(state.to) : undefined;
    return {
      from: from && !Number.isNaN(from.getTime()) ? from : undefined,
      to: to && !Number.isNaN(to.getTime()) ? to : undefined,
    };
  }
  const preset = RANGE_PRESETS.find((p) => p.id === range);
  return preset?.ms ? { from: new Date(now - preset.ms) } : {};
}

const num = (v: string | undefined) => {
  if (v === undefined || v.trim() === "") return undefined;
  const n = Number(v);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
};
const signed = (v: string | undefined) => {
  if (v === undefined || v.trim() === "") return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
};

const positiveInt = (v: string | undefined) => {
  const n = Number(v);
  return v && Number.isInteger(n) && n > 0 && n <= 2_147_483_647 ? n : undefined;
};

/** The `traces.list` input for the URL state; `now` pins relative ranges so the query key is stable. */
export function toListInput(state: TFilterState, now: number) {
  const tags = state.tags
    ?.split(",")
    .map((t) => t.trim())
    .filter(Boolean);
  const scoreName = state.score || undefined;
  const filter = {
    ...rangeDates(rangeOf(state), state, now),
    name: state.name || undefined,
    userId: state.user || undefined,
    sessionId: state.session || undefined,
    tags: tags?.length ? tags : undefined,
    model: state.model || undefined,
    environment: state.env || undefined,
    release: state.release || undefined,
    promptName: state.prompt || undefined,
    promptVersion: state.prompt ? positiveInt(state.promptVersion) : undefined,
    hasError: state.errors === "1" ? true : undefined,
    minLatencyMs: num(state.minLatency),
    minCost: num(state.minCost),
    scoreName,
    scoreMin: scoreName ? signed(state.scoreMin) : undefined,
    scoreMax: scoreName ? signed(state.scoreMax) : undefined,
  };
  const sort: TSort = state.sort === "latency" || state.sort === "cost" ? state.sort : "timestamp";
  const order: TOrder = state.order === "asc" ? "asc" : "desc";
  return { filter, list: { sort, order, limit: 50 } };
}

/** How many filters beyond the time range are active. */
export function activeFilterCount(state: TFilterState): number {
  const keys: TFilterKey[] = [
    "name",
    "user",
    "session",
    "tags",
    "model",
    "env",
    "release",
    "prompt",
    "errors",
    "minLatency",
    "minCost",
    "score",
  ];
  return keys.filter((k) => state[k]).length;
}

/** A link to the traces list with some filters set. */
export function tracesHref(projectId: string, state: TFilterState): string {
  const qs = writeFilters(state);
  return `/projects/${projectId}/traces${qs ? `?${qs}` : ""}`;
}
