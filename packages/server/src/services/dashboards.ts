import { ZDashboardQuery, type TDashboardFilters, type TDashboardQuery } from "@yardstick/contracts/dashboards";
import { buildPanels, relativeChange, type TBucket } from "@yardstick/core/dashboards";
import {
  countDirtyHours,
  listDashboardMarkers,
  listDashboardOptions,
  markAllRollupsDirty,
  projectDataPresence,
  queryDashboardData,
  rebuildDirtyRollups,
  type TDashboardFilter,
  type TDashboardSource,
} from "@yardstick/db";
import { AppError } from "../errors";

// Dashboard panels from the hourly roll-ups (see prisma/schema/dashboards.prisma and README
// "Dashboards"). Filters the roll-ups do not key on (tags, user) are answered from raw rows.

const HOUR_MS = 3600_000;
const DAY_MS = 24 * HOUR_MS;
const RANGE_MS = { "24h": DAY_MS, "7d": 7 * DAY_MS, "30d": 30 * DAY_MS, "90d": 90 * DAY_MS } as const;
/** A read rebuilds at most this many dirty hours in its window first; more is left to the job. */
export const SYNC_REBUILD_MAX_HOURS = 48;

export type TResolvedRange = { from: Date; to: Date; bucket: TBucket };

/** The window of a query: hour-aligned for ≤ 2 days (hourly points), else day-aligned (UTC). */
export function resolveRange(q: Pick<TDashboardQuery, "range" | "from" | "to">, now = Date.now()): TResolvedRange {
  const to = q.range === "custom" ? q.to!.getTime() : now;
  const from = q.range === "custom" ? q.from!.getTime() : now - RANGE_MS[q.range];
  const bucket: TBucket = to - from <= 2 * DAY_MS ? "hour" : "day";
  const step = bucket === "hour" ? HOUR_MS : DAY_MS;
  return {
    from: new Date(Math.floor(from / step) * step),
    to: new Date(Math.ceil(to / HOUR_MS) * HOUR_MS),
    bucket,
  };
}

function toFilter(r: TResolvedRange, f: TDashboardFilters, scoreThreshold: number): TDashboardFilter {
  return { ...r, ...f, scoreThreshold };
}

/** Brings the roll-ups of a window up to date when few hours are stale; says whether some still are. */
async function refresh(projectId: string, r: TResolvedRange): Promise<boolean> {
  const dirty = await countDirtyHours(projectId, r.from, r.to);
  if (dirty === 0) return false;
  if (dirty > SYNC_REBUILD_MAX_HOURS) return true;
  await rebuildDirtyRollups({ projectId, from: r.from, to: r.to });
  return false;
}

async function panelsFor(projectId: string, f: TDashboardFilter, r: TResolvedRange, source?: TDashboardSource) {
  const src: TDashboardSource = source ?? (f.tags?.length || f.userId ? "raw" : "rollup");
  const data = await queryDashboardData(projectId, f, src);
  const panels = buildPanels(data, r.from, r.to, r.bucket);
  const days = data.users;
  panels.totals.users = days.length ? Math.max(...days.map((d) => d.users)) : null;
  return { source: src, panels };
}

function comparedFilter(f: TDashboardFilters, dimension: "release" | "prompt", value: string): TDashboardFilters {
  if (dimension === "release") return { ...f, release: value };
  const at = value.lastIndexOf("@");
  return { ...f, promptName: value.slice(0, at), promptVersion: Number(value.slice(at + 1)) };
}

/** Every panel for one range and filter bar (and, with `compare`, for each of the two sides). */
export async function getDashboard(projectId: string, input: unknown, opts: { source?: TDashboardSource } = {}) {
  const parsed = ZDashboardQuery.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AppError("invalid_input", `${issue.path.join(".") || "input"}: ${issue.message}`, issue.path.join("."));
  }
  const q = parsed.data;
  const r = resolveRange(q);
  const stale = await refresh(projectId, r);
  const base = toFilter(r, q.filters, q.scoreThreshold);
  // The two compared sides load beside the main panels, not after them (compare was the slowest
  // view: three panel sets one after the other).
  const sides = q.compare
    ? [q.compare.a, q.compare.b].map((v) =>
        panelsFor(
          projectId,
          toFilter(r, comparedFilter(q.filters, q.compare!.dimension, v), q.scoreThreshold),
          r,
          opts.source,
        ),
      )
    : [];
  const [main, markers, pa, pb] = await Promise.all([
    panelsFor(projectId, base, r, opts.source),
    listDashboardMarkers(projectId, r.from, r.to),
    ...sides,
  ]);
  const compare = q.compare
    ? {
        dimension: q.compare.dimension,
        a: { label: q.compare.a, panels: pa!.panels },
        b: { label: q.compare.b, panels: pb!.panels },
      }
    : null;
  return { range: r, source: main.source, stale, panels: main.panels, compare, markers };
}

/** Filter-bar choices for a range. */
export async function getDashboardOptions(projectId: string, input: unknown) {
  const parsed = ZDashboardQuery.safeParse(input ?? {});
  if (!parsed.success) throw new AppError("invalid_input", parsed.error.issues[0]!.message);
  const r = resolveRange(parsed.data);
  await refresh(projectId, r);
  return listDashboardOptions(projectId, r.from, r.to);
}

/** The overview's headline: the last 7 days against the 7 before, and which setup steps are done. */
export async function getOverview(projectId: string, now = Date.now()) {
  const end = Math.ceil(now / HOUR_MS) * HOUR_MS;
  const current: TResolvedRange = { from: new Date(end - 7 * DAY_MS), to: new Date(end), bucket: "day" };
  const previous: TResolvedRange = { from: new Date(end - 14 * DAY_MS), to: new Date(end - 7 * DAY_MS), bucket: "day" };
  await refresh(projectId, { ...previous, to: current.to });
  const [presence, cur, prev] = await Promise.all([
    projectDataPresence(projectId),
    panelsFor(projectId, toFilter(current, {}, 0.5), current, "rollup"),
    panelsFor(projectId, toFilter(previous, {}, 0.5), previous, "rollup"),
  ]);
  const c = cur.panels.totals;
  const p = prev.panels.totals;
  const metric = (value: number | null, before: number | null) => ({
    value,
    previous: before,
    change: relativeChange(value, before),
  });
  return {
    presence,
    range: current,
    headline: {
      cost: metric(c.cost, p.cost),
      traces: metric(c.traces, p.traces),
      p95LatencyMs: metric(c.p95LatencyMs, p.p95LatencyMs),
      thumbsUpRate: metric(c.thumbsUpRate, p.thumbsUpRate),
      mainScore: {
        name: c.mainScore?.name ?? null,
        ...metric(
          c.mainScore?.mean ?? null,
          p.mainScore && c.mainScore && p.mainScore.name === c.mainScore.name ? p.mainScore.mean : null,
        ),
      },
      errorRate: metric(c.errorRate, p.errorRate),
    },
    daily: cur.panels.usage,
  };
}

/** Admin: drop a project's roll-ups and rebuild them all from raw rows. Returns hours rebuilt. */
export async function rebuildProjectRollups(projectId: string): Promise<{ hours: number }> {
  await markAllRollupsDirty(projectId);
  let hours = 0;
  for (;;) {
    const n = await rebuildDirtyRollups({ projectId, limit: 500 });
    hours += n;
    if (n === 0) return { hours };
  }
}

/** The background sweep: rebuilds dirty hours of every project, a bounded number per run. */
export async function rebuildDirtyRollupsSweep(limit = 2000): Promise<{ hours: number }> {
  return { hours: await rebuildDirtyRollups({ limit }) };
}
