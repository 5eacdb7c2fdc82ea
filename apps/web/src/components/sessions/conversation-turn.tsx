"use client";
import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { ArrowUpRight } from "lucide-react";
import { useState } from "react";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { ChatView } from "~/components/traces/chat-view";
import { RelativeTime } from "~/components/common/relative-time";
import { previewText } from "~/lib/chat-messages";
import { cn } from "~/lib/cn";
import { formatCost, formatDuration } from "~/lib/metrics-format";
import type { TTraceDetail, TTraceListItem } from "~/lib/trace-types";
import { useTRPC } from "~/trpc/react";

function isWhole(raw: string | null): boolean {
  if (!raw) return true;
  try {
    JSON.parse(raw);
    return true;
  } catch {
    return false;
  }
}

function PreviewBubble({ text, side }: { text: string; side: "user" | "assistant" }) {
  return (
    <div className={cn("flex max-w-[85%] min-w-0 flex-col", side === "user" ? "ml-auto items-end" : "mr-auto")}>
      <span className="mb-1 text-[11px] font-semibold tracking-wide text-slate-400 uppercase">
        {side === "user" ? "User" : "Assistant"}
      </span>
      <p
        className={cn(
          "rounded-xl px-3.5 py-2.5 text-sm leading-relaxed whitespace-pre-wrap ring-1 [overflow-wrap:anywhere]",
          side === "user" ? "bg-indigo-50 text-slate-900 ring-indigo-100" : "bg-white text-slate-900 ring-slate-200",
        )}
      >
        {text || <span className="text-slate-400 italic">empty</span>}
      </p>
    </div>
  );
}

/** One trace of a session: its input and output as chat bubbles, previews until expanded. */
export function ConversationTurn({
  projectId,
  trace,
  index,
}: {
  projectId: string;
  trace: TTraceListItem;
  index: number;
}) {
  const trpc = useTRPC();
  const [full, setFull] = useState(false);
  const detail = useQuery(trpc.traces.get.queryOptions({ projectId, traceId: trace.id }, { enabled: full }));
  const truncated = !isWhole(trace.inputPreview) || !isWhole(trace.outputPreview);
  const d = detail.data as unknown as TTraceDetail | undefined;

  return (
    <li className="rounded-xl border border-slate-200 bg-white shadow-xs" aria-label={`Turn ${index + 1}`}>
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1 border-b border-slate-100 px-4 py-2 text-xs text-slate-500">
        <span className="font-semibold text-slate-400">#{index + 1}</span>
        <Link
          href={`/projects/${projectId}/traces/${encodeURIComponent(trace.id)}`}
          className="inline-flex min-w-0 items-center gap-0.5 font-medium text-indigo-600 [overflow-wrap:anywhere] hover:text-indigo-500"
        >
          {trace.name ?? "Trace"}
          <ArrowUpRight className="size-3.5" aria-hidden />
        </Link>
        <RelativeTime value={trace.timestamp} />
        <span className="tabular-nums">{formatDuration(trace.latencyMs)}</span>
        <span className="tabular-nums">{formatCost(trace.totalCost)}</span>
        {trace.hasError && <Badge tone="red">Error</Badge>}
        {truncated && !full && (
          <Button variant="ghost" size="sm" className="ml-auto h-6" onClick={() => setFull(true)}>
            Show full messages
          </Button>
        )}
      </div>
      <div className="space-y-3 px-4 py-4">
        {full && d ? (
          <>
            <ChatView value={d.input} label={`Turn ${index + 1} input`} />
            <ChatView value={d.output} label={`Turn ${index + 1} output`} />
          </>
        ) : (
          <>
            {trace.inputPreview !== null && <PreviewBubble side="user" text={previewText(trace.inputPreview)} />}
            {trace.outputPreview !== null ? (
              <PreviewBubble side="assistant" text={previewText(trace.outputPreview)} />
            ) : (
              <p className="text-xs text-slate-400 italic">
                {trace.hasError ? "No reply: the trace ended in an error." : "No output recorded."}
              </p>
            )}
            {full && detail.isPending && <p className="text-xs text-slate-400">Loading full messages…</p>}
          </>
        )}
      </div>
    </li>
  );
}
