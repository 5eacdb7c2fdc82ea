"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { Badge } from "~/components/ui/badge";
import { Table, TD, TH, THead, TR } from "~/components/ui/table";
import { previewText } from "~/lib/chat-messages";
import { formatCost, formatDuration, formatTokens } from "~/lib/metrics-format";
import type { TOrder, TSort } from "~/lib/trace-filters";
import type { TTraceListItem } from "~/lib/trace-types";
import { RelativeTime } from "~/components/common/relative-time";
import { SortHeader } from "./sort-header";

export function TracesTable({
  projectId,
  traces,
  sort,
  order,
  onSort,
}: {
  projectId: string;
  traces: TTraceListItem[];
  sort: TSort;
  order: TOrder;
  onSort: (column: TSort, order: TOrder) => void;
}) {
  const router = useRouter();
  const sortProps = { sort, order, onSort };
  return (
    <Table label="Traces">
      <THead>
        <tr>
          <SortHeader column="timestamp" label="Time" className="px-4! whitespace-nowrap" {...sortProps} />
          <TH className="px-3!">Trace</TH>
          <TH className="px-3!">User</TH>
          <TH className="px-3!">Model</TH>
          <SortHeader column="latency" label="Latency" className="px-3! text-right" {...sortProps} />
          <TH className="px-3! text-right">Tokens</TH>
          <SortHeader column="cost" label="Cost" className="px-3! text-right" {...sortProps} />
          <TH className="px-3! pr-4!">
            <span className="sr-only">Status</span>
          </TH>
        </tr>
      </THead>
      <tbody>
        {traces.map((t) => {
          const href = `/projects/${projectId}/traces/${encodeURIComponent(t.id)}`;
          const preview = previewText(t.inputPreview);
          return (
            <TR
              key={t.id}
              onClick={(e) => {
                if ((e.target as HTMLElement).closest("a,button")) return;
                router.push(href);
              }}
              className="cursor-pointer hover:bg-slate-50/80"
            >
              <TD className="px-4! text-xs whitespace-nowrap text-slate-500">
                <RelativeTime value={t.timestamp} />
              </TD>
              <TD className="w-full max-w-0 min-w-40 px-3!">
                <Link href={href} className="block truncate font-medium text-slate-900 hover:text-indigo-700">
                  {t.name ?? <span className="text-slate-400 italic">unnamed</span>}
                </Link>
                {preview && <p className="truncate text-xs text-slate-500">{preview}</p>}
                {t.tags.length > 0 && (
                  <div className="mt-1 flex flex-wrap gap-1">
                    {t.tags.slice(0, 4).map((tag) => (
                      <Badge key={tag} className="px-1.5 py-0 text-[11px]">
                        {tag}
                      </Badge>
                    ))}
                    {t.tags.length > 4 && <span className="text-[11px] text-slate-400">+{t.tags.length - 4}</span>}
                  </div>
                )}
              </TD>
              <TD className="max-w-32 truncate px-3! whitespace-nowrap text-slate-600" title={t.userId ?? undefined}>
                {t.userId ?? <span className="text-slate-300">—</span>}
              </TD>
              <TD className="max-w-40 px-3! whitespace-nowrap">
                {t.models.length ? (
                  <span className="block truncate font-mono text-xs text-slate-600" title={t.models.join(", ")}>
                    {t.models[0]}
                    {t.models.length > 1 && <span className="text-slate-400"> +{t.models.length - 1}</span>}
                  </span>
                ) : (
                  <span className="text-slate-300">—</span>
                )}
              </TD>
              <TD className="px-3! text-right whitespace-nowrap tabular-nums">{formatDuration(t.latencyMs)}</TD>
              <TD
                className="px-3! text-right whitespace-nowrap text-slate-600 tabular-nums"
                title={`${t.inputTokens} in / ${t.outputTokens} out`}
              >
                {formatTokens(t.inputTokens)} <span className="text-slate-400">→</span> {formatTokens(t.outputTokens)}
              </TD>
              <TD className="px-3! text-right whitespace-nowrap tabular-nums">{formatCost(t.totalCost)}</TD>
              <TD className="px-3! pr-4!">{t.hasError && <Badge tone="red">Error</Badge>}</TD>
            </TR>
          );
        })}
      </tbody>
    </Table>
  );
}
