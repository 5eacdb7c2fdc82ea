import { Badge } from "~/components/ui/badge";
import { formatCost, formatTokens } from "~/lib/metrics-format";
import type { TObservation } from "~/lib/trace-types";

/** Token usage and the cost of each kind of token, with where the cost came from. */
export function UsageTable({ obs }: { obs: TObservation }) {
  const rows = [
    { label: "Input", tokens: obs.inputTokens, cost: obs.inputCost },
    { label: "Output", tokens: obs.outputTokens, cost: obs.outputCost },
    { label: "Cache read", tokens: obs.cacheReadTokens, cost: obs.cacheReadCost },
    { label: "Cache write", tokens: obs.cacheWriteTokens, cost: obs.cacheWriteCost },
  ];
  const totalTokens = obs.totalTokens ?? rows.reduce((s, r) => s + (r.tokens ?? 0), 0);
  return (
    <div className="overflow-hidden rounded-lg ring-1 ring-slate-200">
      <table aria-label="Usage and cost" className="w-full text-sm">
        <thead className="bg-slate-50 text-xs text-slate-500">
          <tr>
            <th scope="col" className="px-3 py-1.5 text-left font-medium">
              Usage
            </th>
            <th scope="col" className="px-3 py-1.5 text-right font-medium">
              Tokens
            </th>
            <th scope="col" className="px-3 py-1.5 text-right font-medium">
              Cost
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((r) => (
            <tr key={r.label}>
              <th scope="row" className="px-3 py-1.5 text-left font-normal text-slate-600">
                {r.label}
              </th>
              <td className="px-3 py-1.5 text-right tabular-nums">
                {r.tokens === null ? <span className="text-slate-300">—</span> : formatTokens(r.tokens)}
              </td>
              <td className="px-3 py-1.5 text-right tabular-nums">
                {r.cost === null || (r.tokens === null && !r.cost) ? (
                  <span className="text-slate-300">—</span>
                ) : (
                  formatCost(r.cost)
                )}
              </td>
            </tr>
          ))}
          <tr className="bg-slate-50/70 font-medium text-slate-900">
            <th scope="row" className="px-3 py-1.5 text-left">
              Total
            </th>
            <td className="px-3 py-1.5 text-right tabular-nums">{formatTokens(totalTokens)}</td>
            <td className="px-3 py-1.5 text-right tabular-nums" data-testid="observation-total-cost">
              {formatCost(obs.totalCost)}
            </td>
          </tr>
        </tbody>
      </table>
      <p className="flex items-center gap-2 border-t border-slate-100 px-3 py-2 text-xs text-slate-500">
        {obs.costSource === "client" ? (
          <>
            <Badge tone="amber">Client-supplied</Badge> Cost sent with the generation.
          </>
        ) : obs.costSource === "computed" ? (
          <>
            <Badge tone="indigo">Computed</Badge> From the model price table.
          </>
        ) : (
          <>
            <Badge>No price</Badge> No price matched this model.
          </>
        )}
      </p>
    </div>
  );
}
