import type { ReactNode } from "react";
import { Table, TD, TH, THead, TR } from "~/components/ui/table";
import { formatPricePer1M } from "~/lib/metrics-format";

export type TPriceRow = {
  key: string;
  modelName: string;
  matchPattern: string;
  inputPer1M: number;
  outputPer1M: number;
  cacheReadPer1M: number | null;
  cacheWritePer1M: number | null;
  effectiveFrom: string;
};

export function PriceTable({
  label,
  rows,
  action,
}: {
  label: string;
  rows: TPriceRow[];
  action?: (row: TPriceRow) => ReactNode;
}) {
  return (
    <Table label={label}>
      <THead>
        <tr>
          <TH className="px-4!">Model</TH>
          <TH className="px-3!">Pattern</TH>
          <TH className="px-3! text-right">Input</TH>
          <TH className="px-3! text-right">Output</TH>
          <TH className="px-3! text-right">Cache read</TH>
          <TH className="px-3! text-right">Cache write</TH>
          <TH className="px-3!">From</TH>
          {action && (
            <TH className="px-4!">
              <span className="sr-only">Actions</span>
            </TH>
          )}
        </tr>
      </THead>
      <tbody>
        {rows.map((r) => (
          <TR key={r.key}>
            <TD className="px-4! font-medium whitespace-nowrap text-slate-900">{r.modelName}</TD>
            <TD className="max-w-56 px-3!">
              <code className="block truncate font-mono text-xs text-slate-500" title={r.matchPattern}>
                {r.matchPattern}
              </code>
            </TD>
            <TD className="px-3! text-right tabular-nums">{formatPricePer1M(r.inputPer1M)}</TD>
            <TD className="px-3! text-right tabular-nums">{formatPricePer1M(r.outputPer1M)}</TD>
            <TD className="px-3! text-right text-slate-600 tabular-nums">{formatPricePer1M(r.cacheReadPer1M)}</TD>
            <TD className="px-3! text-right text-slate-600 tabular-nums">{formatPricePer1M(r.cacheWritePer1M)}</TD>
            <TD className="px-3! whitespace-nowrap text-slate-500">{r.effectiveFrom}</TD>
            {action && <TD className="px-4! py-1.5! text-right">{action(r)}</TD>}
          </TR>
        ))}
      </tbody>
    </Table>
  );
}
