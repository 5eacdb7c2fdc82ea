"use client";
import { BarChart3, Download } from "lucide-react";
import type { ReactNode } from "react";
import { Button } from "~/components/ui/button";
import { Card, CardHeader } from "~/components/ui/card";
import { EmptyState } from "~/components/ui/empty-state";
import { toCsv } from "~/lib/dashboard-params";

function downloadCsv(filename: string, rows: ReadonlyArray<Record<string, unknown>>) {
  const url = URL.createObjectURL(new Blob([toCsv(rows)], { type: "text/csv" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** One dashboard panel: title, CSV export of its numbers, and an empty state when it has none. */
export function PanelCard({
  id,
  title,
  description,
  csv,
  empty,
  emptyHint,
  footer,
  children,
}: {
  id: string;
  title: string;
  description?: ReactNode;
  csv: ReadonlyArray<Record<string, unknown>>;
  empty: boolean;
  emptyHint?: string;
  footer?: ReactNode;
  children: ReactNode;
}) {
  return (
    <Card aria-labelledby={`${id}-title`} className="min-w-0">
      <CardHeader
        id={`${id}-title`}
        title={title}
        description={description}
        actions={
          <Button
            variant="ghost"
            size="sm"
            onClick={() => downloadCsv(`${id}.csv`, csv)}
            disabled={empty}
            aria-label={`Download ${title} as CSV`}
          >
            <Download className="size-3.5" aria-hidden /> CSV
          </Button>
        }
      />
      <div className="px-5 py-4" data-testid={`panel-${id}`}>
        {empty ? (
          <EmptyState
            icon={BarChart3}
            title="No data in this range"
            description={emptyHint ?? "Widen the time range or clear a filter."}
            className="py-8"
          />
        ) : (
          children
        )}
      </div>
      {footer && <div className="border-t border-slate-100 px-5 py-2 text-xs text-slate-500">{footer}</div>}
    </Card>
  );
}
