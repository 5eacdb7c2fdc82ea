import type { RouterOutputs } from "~/lib/types";

export type TDashboard = RouterOutputs["dashboards"]["get"];
export type TPanels = TDashboard["panels"];
/** One side of the view: the whole filter, or one of two compared releases / prompt versions. */
export type TSide = { key: string; label: string; panels: TPanels; color: string; hex: string };

export const SIDE_COLORS = [
  { color: "indigo", hex: "#6366f1" },
  { color: "amber", hex: "#f59e0b" },
] as const;
export const SERIES_COLORS = ["indigo", "emerald", "amber", "rose", "cyan", "violet", "lime", "fuchsia"] as const;
export const SERIES_HEX = ["#6366f1", "#10b981", "#f59e0b", "#f43f5e", "#06b6d4", "#8b5cf6", "#84cc16", "#d946ef"];

export function sidesOf(d: TDashboard): TSide[] {
  if (d.compare) {
    return [d.compare.a, d.compare.b].map((s, i) => ({
      key: `s${i}`,
      label: s.label,
      panels: s.panels,
      ...SIDE_COLORS[i]!,
    }));
  }
  return [{ key: "s0", label: "All", panels: d.panels, ...SIDE_COLORS[0] }];
}

export function bucketLabel(iso: string, bucket: "hour" | "day"): string {
  const d = new Date(iso);
  return bucket === "hour"
    ? d.toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit", timeZone: "UTC" })
    : d.toLocaleDateString("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });
}

/** Release first-seen times and prompt label moves, placed on the bucket they fall in. */
export function markersOf(d: TDashboard) {
  const step = d.range.bucket === "hour" ? 3600_000 : 86_400_000;
  const from = new Date(d.range.from).getTime();
  const at = (t: Date | string) => Math.floor((new Date(t).getTime() - from) / step);
  const n = d.panels.buckets.length;
  return [
    ...d.markers.releases.map((r) => ({ index: at(r.at), label: `release ${r.release}` })),
    ...d.markers.labels.map((l) => ({
      index: at(l.at),
      label: `${l.promptName}: ${l.label} → ${l.toVersion ?? "removed"}`,
    })),
  ].filter((m) => m.index >= 0 && m.index < n);
}

export const pct = (v: number) => `${(v * 100).toFixed(v < 0.1 ? 1 : 0)}%`;
export const ms = (v: number) => (v >= 1000 ? `${(v / 1000).toFixed(v >= 10_000 ? 0 : 1)} s` : `${Math.round(v)} ms`);
export const usd = (v: number) =>
  v === 0 ? "$0" : v >= 100 ? `$${v.toFixed(0)}` : v >= 1 ? `$${v.toFixed(2)}` : `$${v.toPrecision(2)}`;
export const num = (v: number) =>
  v >= 1e6 ? `${(v / 1e6).toFixed(1)}M` : v >= 1e3 ? `${(v / 1e3).toFixed(1)}k` : `${+v.toFixed(2)}`;
