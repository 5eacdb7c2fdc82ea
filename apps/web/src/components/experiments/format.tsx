import type { RouterOutputs } from "~/lib/types";
import { Badge, type TBadgeTone } from "~/components/ui/badge";

export type TExperimentRunRow = RouterOutputs["experiments"]["list"]["runs"][number];
export type TExperimentRun = RouterOutputs["experiments"]["get"];
export type TExperimentProgress = RouterOutputs["experiments"]["progress"];
export type TComparison = RouterOutputs["experiments"]["compare"];

/** 0.8734 → "87.3%"; null → "—". */
export function pct(v: number | null | undefined, digits = 1): string {
  return v === null || v === undefined ? "—" : `${(v * 100).toFixed(digits)}%`;
}

/** A 0..1 score: "0.873". */
export function score(v: number | null | undefined): string {
  return v === null || v === undefined ? "—" : v.toFixed(3);
}

/** A signed delta in points: "+4.2 pts". */
export function deltaPts(v: number | null | undefined): string {
  if (v === null || v === undefined) return "—";
  const p = v * 100;
  return `${p > 0 ? "+" : p < 0 ? "−" : "±"}${Math.abs(p).toFixed(1)} pts`;
}

export function ciText(
  ci: readonly [number, number] | null | undefined,
  fmt: (v: number) => string = (v) => pct(v),
): string {
  return ci ? `95% CI ${fmt(ci[0])} to ${fmt(ci[1])}` : "no CI (one item)";
}

export function usd(v: number | null | undefined): string {
  if (v === null || v === undefined) return "—";
  if (v === 0) return "$0";
  return v < 0.01 ? `$${v.toFixed(4)}` : `$${v.toFixed(2)}`;
}

export function durationText(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || ms < 0) return "—";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${Math.round(s % 60)} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

export function runDuration(
  r: { startedAt: Date | string | null; endedAt: Date | string | null },
  now = Date.now(),
): number | null {
  if (!r.startedAt) return null;
  const end = r.endedAt ? new Date(r.endedAt).getTime() : now;
  return end - new Date(r.startedAt).getTime();
}

export function armLabel(a: { promptName: string; promptVersion: number; label: string | null }): string {
  return `${a.promptName} v${a.promptVersion}${a.label ? ` (${a.label})` : ""}`;
}

const STATUS_TONE: Record<string, TBadgeTone> = {
  queued: "neutral",
  running: "indigo",
  completed: "green",
  failed: "red",
  cancelled: "amber",
};

export function StatusBadge({ status }: { status: string }) {
  return <Badge tone={STATUS_TONE[status] ?? "neutral"}>{status}</Badge>;
}

export function VerdictBadge({ verdict }: { verdict: "PASS" | "FAIL" | null | undefined }) {
  if (!verdict) return <span className="text-slate-400">—</span>;
  return (
    <Badge tone={verdict === "PASS" ? "green" : "red"} className="font-semibold">
      {verdict}
    </Badge>
  );
}

export function ProgressBar({ fraction, label }: { fraction: number; label: string }) {
  const v = Math.max(0, Math.min(1, fraction));
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={Math.round(v * 100)}
      className="h-1.5 w-full overflow-hidden rounded-full bg-slate-100"
    >
      <div className="h-full rounded-full bg-indigo-500 transition-[width]" style={{ width: `${v * 100}%` }} />
    </div>
  );
}

const CONCLUSION: Record<string, { label: string; tone: TBadgeTone }> = {
  regression: { label: "Regression", tone: "red" },
  improvement: { label: "Improvement", tone: "green" },
  no_change: { label: "No detectable change", tone: "neutral" },
  significant_but_trivial: { label: "Real but too small to matter", tone: "amber" },
  insufficient_data: { label: "Not enough data", tone: "amber" },
};

export function ConclusionBadge({ conclusion }: { conclusion: string }) {
  const c = CONCLUSION[conclusion] ?? { label: conclusion, tone: "neutral" as const };
  return <Badge tone={c.tone}>{c.label}</Badge>;
}
