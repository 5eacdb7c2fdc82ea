"use client";
import { RelativeTime } from "~/components/common/relative-time";
import { Badge } from "~/components/ui/badge";
import { Card } from "~/components/ui/card";
import { cn } from "~/lib/cn";
import type { RouterOutputs } from "~/lib/types";

export type TCandidateRow = RouterOutputs["candidates"]["list"]["items"][number];

export function CandidateList({
  items,
  selectedId,
  onSelect,
}: {
  items: TCandidateRow[];
  selectedId: string;
  onSelect: (id: string) => void;
}) {
  return (
    <Card className="overflow-hidden">
      <ul aria-label="Candidates" className="max-h-[75vh] divide-y divide-slate-100 overflow-y-auto">
        {items.map((c) => {
          const active = c.id === selectedId;
          return (
            <li key={c.id}>
              <button
                type="button"
                onClick={() => onSelect(c.id)}
                aria-current={active ? "true" : undefined}
                className={cn(
                  "block w-full px-4 py-3 text-left transition-colors",
                  active ? "bg-indigo-50/70 ring-1 ring-indigo-200 ring-inset" : "hover:bg-slate-50",
                )}
              >
                <div className="flex items-start justify-between gap-3">
                  <p className="line-clamp-2 text-sm font-medium [overflow-wrap:anywhere] text-slate-900">
                    {c.inputText}
                  </p>
                  <Badge tone={c.count > 1 ? "red" : "neutral"} className="shrink-0">
                    <span aria-label={`${c.count} reports`}>×{c.count}</span>
                  </Badge>
                </div>
                <div className="mt-1 flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-slate-500">
                  {c.model && <span className="font-mono">{c.model}</span>}
                  <span>
                    first <RelativeTime value={c.firstSeenAt} />
                  </span>
                  <span>
                    last <RelativeTime value={c.lastSeenAt} />
                  </span>
                </div>
              </button>
            </li>
          );
        })}
      </ul>
    </Card>
  );
}
