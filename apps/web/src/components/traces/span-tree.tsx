"use client";
import { ChevronDown, ChevronRight } from "lucide-react";
import { useMemo, useState } from "react";
import { cn } from "~/lib/cn";
import { durationMs, formatDuration } from "~/lib/metrics-format";
import { barPosition, buildSpanRows, traceTimeline } from "~/lib/span-tree";
import type { TTraceDetail } from "~/lib/trace-types";
import { BAR_COLOR, ObservationIcon } from "./observation-icon";

const INDENT = 14;

/** The observations as a tree, each row with a waterfall bar placed on the trace's timeline. */
export function SpanTree({
  trace,
  selected,
  onSelect,
}: {
  trace: TTraceDetail;
  selected: string | null;
  onSelect: (id: string | null) => void;
}) {
  const rows = useMemo(() => buildSpanRows(trace.observations), [trace.observations]);
  const timeline = useMemo(() => traceTimeline(trace.timestamp, trace.latencyMs, trace.observations), [trace]);
  const [collapsed, setCollapsed] = useState<Set<string>>(new Set());
  const total = timeline.end - timeline.start;

  const visible: typeof rows = [];
  let hideBelow: number | null = null;
  for (const r of rows) {
    if (hideBelow !== null && r.depth > hideBelow) continue;
    hideBelow = collapsed.has(r.obs.id) ? r.depth : null;
    visible.push(r);
  }

  function toggle(id: string) {
    setCollapsed((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }

  const rowClass = (active: boolean) =>
    cn(
      "group flex w-full items-center gap-2 py-1.5 pr-3 text-left text-sm transition-colors",
      active ? "bg-indigo-50/80" : "hover:bg-slate-50",
    );

  return (
    <div>
      <div className="flex items-center border-b border-slate-100 px-3 py-2 text-[11px] font-medium tracking-wide text-slate-400 uppercase">
        <span className="flex-1">Observation</span>
        <span className="flex w-[38%] justify-between tabular-nums normal-case">
          <span>0</span>
          <span>{formatDuration(total / 2)}</span>
          <span>{formatDuration(total)}</span>
        </span>
      </div>
      <ul aria-label="Span tree" className="py-1">
        <li>
          <button
            type="button"
            aria-current={selected === null || undefined}
            onClick={() => onSelect(null)}
            className={cn(rowClass(selected === null), "pl-3")}
          >
            <span className="flex min-w-0 flex-1 items-center gap-2">
              <ObservationIcon type="TRACE" />
              <span className="truncate font-medium text-slate-900">{trace.name ?? "Trace"}</span>
              <span className="ml-auto shrink-0 text-xs text-slate-500 tabular-nums">
                {formatDuration(trace.latencyMs)}
              </span>
            </span>
            <span className="relative h-2 w-[38%] shrink-0 rounded-full bg-slate-100">
              <span className="absolute inset-y-0 left-0 w-full rounded-full bg-slate-300" />
            </span>
          </button>
        </li>
        {visible.map(({ obs, depth, childCount }) => {
          const pos = barPosition(obs, timeline);
          const active = selected === obs.id;
          const isError = obs.level === "ERROR";
          return (
            <li key={obs.id} className="relative">
              {childCount > 0 && (
                <button
                  type="button"
                  onClick={() => toggle(obs.id)}
                  aria-label={`${collapsed.has(obs.id) ? "Expand" : "Collapse"} ${obs.name ?? obs.type.toLowerCase()}`}
                  aria-expanded={!collapsed.has(obs.id)}
                  className="absolute top-1.5 z-10 rounded p-0.5 text-slate-400 hover:bg-slate-200 hover:text-slate-700"
                  style={{ left: 6 + (depth + 1) * INDENT - 16 }}
                >
                  {collapsed.has(obs.id) ? (
                    <ChevronRight className="size-3.5" aria-hidden />
                  ) : (
                    <ChevronDown className="size-3.5" aria-hidden />
                  )}
                </button>
              )}
              <button
                type="button"
                aria-current={active || undefined}
                onClick={() => onSelect(obs.id)}
                className={rowClass(active)}
                style={{ paddingLeft: 12 + (depth + 1) * INDENT }}
              >
                <span className="flex min-w-0 flex-1 items-center gap-2">
                  <ObservationIcon type={obs.type} />
                  <span className={cn("truncate", isError ? "font-medium text-red-700" : "text-slate-800")}>
                    {obs.name ?? obs.type.toLowerCase()}
                  </span>
                  {isError && <span className="size-1.5 shrink-0 rounded-full bg-red-500" aria-label="Error" />}
                  <span className="ml-auto shrink-0 text-xs text-slate-500 tabular-nums">
                    {obs.type === "EVENT" ? "" : formatDuration(durationMs(obs.startTime, obs.endTime))}
                  </span>
                </span>
                <span className="relative h-2 w-[38%] shrink-0 rounded-full bg-slate-100">
                  <span
                    className={cn("absolute inset-y-0 rounded-full", isError ? "bg-red-400" : BAR_COLOR[obs.type])}
                    style={{ left: `${pos.left}%`, width: `${pos.width}%` }}
                  />
                </span>
              </button>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
