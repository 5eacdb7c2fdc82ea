"use client";
import { useQuery } from "@tanstack/react-query";
import { Layers } from "lucide-react";
import type { ReactNode } from "react";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { Select } from "~/components/ui/select";
import { Table, TD, TH, THead, TR } from "~/components/ui/table";
import { formatCost, formatDuration, formatInteger } from "~/lib/metrics-format";
import type { RouterInputs } from "~/lib/trace-types";
import { useTRPC } from "~/trpc/react";

type TFilter = RouterInputs["traces"]["totals"]["filter"];

/** ≈1.2M for an estimate (its precision is not the last digit), the exact figure otherwise. */
function countText(count: number, estimate: boolean) {
  if (!estimate) return formatInteger(count);
  const compact = new Intl.NumberFormat("en", { notation: "compact", maximumFractionDigits: 1 }).format(count);
  return `≈${compact}`;
}
const score = (v: number | null | undefined) => (v === null || v === undefined ? "—" : v.toFixed(3));

function Stat({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <div className="text-xs font-medium text-slate-500">{label}</div>
      <div className="mt-0.5 truncate text-base font-semibold text-slate-900 tabular-nums">{children}</div>
    </div>
  );
}

/**
 * Count, cost, latency percentiles and mean score of every trace the filters match (not just the
 * loaded page). Past the server's exact limit the figures come from a sample and say so.
 */
export function TracesTotalsBar({
  projectId,
  filter,
  scoreNames,
  scoreName,
  onScoreName,
  grouped,
  onGrouped,
  onPickGroup,
}: {
  projectId: string;
  filter: TFilter;
  scoreNames: string[];
  scoreName: string | undefined;
  onScoreName: (v: string | undefined) => void;
  grouped: boolean;
  onGrouped: (v: boolean) => void;
  onPickGroup: (promptName: string, promptVersion: number) => void;
}) {
  const trpc = useTRPC();
  const totals = useQuery(
    trpc.traces.totals.queryOptions(
      { projectId, filter, scoreName, groupBy: grouped ? "prompt" : "none" },
      { placeholderData: (prev) => prev },
    ),
  );
  const t = totals.data;
  const estimate = t?.countIsEstimate ?? false;
  return (
    <section aria-label="Totals" className="border-b border-slate-100 px-4 py-3">
      <div className="flex flex-wrap items-end gap-x-8 gap-y-3">
        <Stat label="Traces">
          <span data-testid="totals-count">{t ? countText(t.count, estimate) : "…"}</span>
          {estimate && (
            <Badge tone="amber" className="ml-2 align-middle">
              estimate
            </Badge>
          )}
        </Stat>
        <Stat label={estimate ? "Total cost (est.)" : "Total cost"}>{t ? formatCost(t.totalCost) : "…"}</Stat>
        <Stat label="p50 latency">{t ? formatDuration(t.p50LatencyMs) : "…"}</Stat>
        <Stat label="p95 latency">{t ? formatDuration(t.p95LatencyMs) : "…"}</Stat>
        <div className="min-w-0">
          <label htmlFor="totals-score" className="block text-xs font-medium text-slate-500">
            Mean score
          </label>
          <div className="mt-0.5 flex items-center gap-2">
            <span className="text-base font-semibold text-slate-900 tabular-nums">{t ? score(t.meanScore) : "…"}</span>
            <Select
              id="totals-score"
              value={scoreName ?? ""}
              onChange={(e) => onScoreName(e.target.value || undefined)}
              className="[&_select]:h-7 [&_select]:text-xs"
            >
              <option value="">No score</option>
              {[...new Set([...(scoreName ? [scoreName] : []), ...scoreNames])].map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </Select>
          </div>
        </div>
        <div className="ml-auto">
          <Button variant={grouped ? "secondary" : "ghost"} size="sm" onClick={() => onGrouped(!grouped)}>
            <Layers className="size-3.5" aria-hidden />
            {grouped ? "Ungroup" : "Group by prompt version"}
          </Button>
        </div>
      </div>
      {totals.isError && <p className="mt-2 text-xs text-red-600">Totals unavailable: {totals.error.message}</p>}
      {estimate && (
        <p className="mt-2 text-xs text-slate-500">
          More than {formatInteger(t!.exactLimit)} traces match: count and cost are scaled up from a sample of the
          table, latency and score from the same sample. Narrow the filters for exact figures.
        </p>
      )}
      {grouped && t && (
        <div className="mt-3 rounded-lg border border-slate-200">
          {t.groups.length === 0 ? (
            <p className="p-3 text-sm text-slate-500">No traces match.</p>
          ) : (
            <Table label="Totals by prompt version">
              <THead>
                <tr>
                  <TH>Prompt version</TH>
                  <TH className="text-right">Traces</TH>
                  <TH className="text-right">Cost</TH>
                  <TH className="text-right">p50</TH>
                  <TH className="text-right">p95</TH>
                  <TH className="text-right">Mean {t.scoreName ?? "score"}</TH>
                </tr>
              </THead>
              <tbody>
                {t.groups.map((g) => (
                  <TR key={`${g.promptName}@${g.promptVersion}`}>
                    <TD>
                      {g.promptName ? (
                        <button
                          type="button"
                          className="font-medium text-indigo-700 hover:underline"
                          onClick={() => onPickGroup(g.promptName!, g.promptVersion!)}
                        >
                          {g.promptName} v{g.promptVersion}
                        </button>
                      ) : (
                        <span className="text-slate-500">No prompt version</span>
                      )}
                    </TD>
                    <TD className="text-right tabular-nums">{countText(g.count, estimate)}</TD>
                    <TD className="text-right tabular-nums">{formatCost(g.totalCost)}</TD>
                    <TD className="text-right tabular-nums">{formatDuration(g.p50LatencyMs)}</TD>
                    <TD className="text-right tabular-nums">{formatDuration(g.p95LatencyMs)}</TD>
                    <TD className="text-right tabular-nums">{score(g.meanScore)}</TD>
                  </TR>
                ))}
              </tbody>
            </Table>
          )}
        </div>
      )}
    </section>
  );
}
