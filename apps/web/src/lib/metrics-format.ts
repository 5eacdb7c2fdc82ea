// Number formatting for the trace explorer: costs in USD, latencies, token counts.

const COMPACT = new Intl.NumberFormat("en", { notation: "compact", maximumFractionDigits: 1 });
const INTEGER = new Intl.NumberFormat("en");

/** $12.40, $0.0096, <$0.0001, $0 — small values keep enough digits to be told apart. */
export function formatCost(usd: number | null | undefined): string {
  if (usd === null || usd === undefined || Number.isNaN(usd)) return "—";
  if (usd === 0) return "$0";
  const abs = Math.abs(usd);
  if (abs < 0.0001) return "<$0.0001";
  if (abs < 0.01) return `$${trimZeros(usd.toFixed(4))}`;
  if (abs < 1) return `$${trimZeros(usd.toFixed(4), 2)}`;
  return `$${usd.toLocaleString("en", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/** "0.0100" → "0.01" but never fewer than `min` decimals. */
function trimZeros(s: string, min = 0): string {
  const [whole, frac = ""] = s.split(".");
  let f = frac.replace(/0+$/, "");
  if (f.length < min) f = f.padEnd(min, "0");
  return f ? `${whole}.${f}` : (whole ?? s);
}

/** Price per 1M tokens: "$3", "$0.30", "$0.075". */
export function formatPricePer1M(usd: number | null | undefined): string {
  if (usd === null || usd === undefined) return "—";
  if (usd === 0) return "$0";
  if (Number.isInteger(usd)) return `$${usd}`;
  return `$${trimZeros(usd.toFixed(4), 2)}`;
}

/** 840ms, 1.24s, 2m 05s, 1h 3m. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || Number.isNaN(ms)) return "—";
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const s = ms / 1000;
  if (s < 60) return `${s < 10 ? s.toFixed(2) : s.toFixed(1)}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(Math.round(s % 60)).padStart(2, "0")}s`;
  return `${Math.floor(m / 60)}h ${m % 60}m`;
}

/** 1,200 under 10k, otherwise 12.3K. */
export function formatTokens(n: number | null | undefined): string {
  if (n === null || n === undefined) return "—";
  return Math.abs(n) < 10_000 ? INTEGER.format(n) : COMPACT.format(n);
}

export function formatInteger(n: number): string {
  return INTEGER.format(n);
}

export function durationMs(start: Date | string, end: Date | string | null | undefined): number | null {
  if (!end) return null;
  return new Date(end).getTime() - new Date(start).getTime();
}

export function pluralizeCount(n: number, one: string, many = `${one}s`): string {
  return `${formatInteger(n)} ${n === 1 ? one : many}`;
}

const UTC_DAY = new Intl.DateTimeFormat("en", { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" });
/** A calendar date stored as UTC midnight ("2026-02-17"), shown without a time-zone shift. */
export function formatUtcDay(d: Date | string): string {
  return UTC_DAY.format(new Date(typeof d === "string" && d.length === 10 ? `${d}T00:00:00Z` : d));
}
