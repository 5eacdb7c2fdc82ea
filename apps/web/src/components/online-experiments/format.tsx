import type { TOnlineMetric } from "@yardstick/contracts/online-experiments";
import { metricLabel } from "@yardstick/contracts/online-experiments";
import { Badge, type TBadgeTone } from "~/components/ui/badge";
import type { RouterOutputs } from "~/lib/types";

export type TOnlineExperimentRow = RouterOutputs["onlineExperiments"]["list"][number];
export type TOnlineReadout = RouterOutputs["onlineExperiments"]["readout"];

const STATUS_TONE: Record<string, TBadgeTone> = {
  draft: "neutral",
  running: "green",
  paused: "amber",
  stopped: "neutral",
};

export function OnlineStatusBadge({ status, shipped }: { status: string; shipped?: string | null }) {
  if (shipped) return <Badge tone="violet">shipped {shipped}</Badge>;
  return <Badge tone={STATUS_TONE[status] ?? "neutral"}>{status}</Badge>;
}

export const MODE_LABEL: Record<string, string> = {
  fixed: "A/B (fixed weights)",
  thompson: "Bandit · Thompson sampling",
  ucb1: "Bandit · UCB1",
  epsilon_greedy: "Bandit · ε-greedy",
  interleaving: "Interleaving",
};

export const UNIT_LABEL: Record<string, string> = {
  userId: "User id",
  sessionId: "Session id",
  attribute: "Attribute",
};

export function metricName(m: TOnlineMetric): string {
  return metricLabel(m);
}

/** A metric value for people: rates as percentages, cost in USD, latency in ms. */
export function formatMetric(kind: string, v: number | null | undefined, signed = false): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return "—";
  const sign = signed && v > 0 ? "+" : "";
  if (kind === "rate" || kind === "thumbs_up_rate" || kind === "error_rate" || kind === "event")
    return `${sign}${(v * 100).toFixed(1)}${signed ? " pts" : "%"}`;
  if (kind === "cost") return `${sign}$${v.toFixed(4)}`;
  if (kind === "latency") return `${sign}${Math.round(v)} ms`;
  return `${sign}${v.toFixed(3)}`;
}

export function pValue(p: number | null | undefined): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return "—";
  if (p < 0.001) return "< 0.001";
  return p.toFixed(3);
}
