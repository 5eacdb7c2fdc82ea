import Link from "next/link";
import { MessagesSquare, User } from "lucide-react";
import type { ReactNode } from "react";
import { Badge } from "~/components/ui/badge";
import { CopyButton } from "~/components/ui/copy-button";
import { formatDateTime } from "~/lib/format";
import { formatCost, formatDuration, formatInteger, formatTokens } from "~/lib/metrics-format";
import { tracesHref } from "~/lib/trace-filters";
import type { TTraceDetail } from "~/lib/trace-types";

function Stat({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="rounded-xl border border-slate-200 bg-white px-4 py-3 shadow-xs">
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd className="mt-1 text-lg font-semibold tracking-tight text-slate-900 tabular-nums">{children}</dd>
    </div>
  );
}

const linkClass = "inline-flex items-center gap-1 font-medium text-indigo-600 hover:text-indigo-500";

export function TraceMeta({ projectId, trace }: { projectId: string; trace: TTraceDetail }) {
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-x-4 gap-y-2 text-sm text-slate-600">
        <span className="inline-flex items-center gap-1.5">
          <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-700">{trace.id}</code>
          <CopyButton value={trace.id} label="Copy ID" size="sm" variant="ghost" />
        </span>
        <time dateTime={new Date(trace.timestamp).toISOString()}>{formatDateTime(trace.timestamp)}</time>
        {trace.userId && (
          <Link
            href={tracesHref(projectId, { user: trace.userId, range: "all" })}
            className={linkClass}
            title="All traces of this user"
          >
            <User className="size-3.5" aria-hidden />
            {trace.userId}
          </Link>
        )}
        {trace.sessionId && (
          <Link
            href={`/projects/${projectId}/sessions/${encodeURIComponent(trace.sessionId)}`}
            className={linkClass}
            title="Open the session"
          >
            <MessagesSquare className="size-3.5" aria-hidden />
            {trace.sessionId}
          </Link>
        )}
      </div>
      <div className="flex flex-wrap items-center gap-1.5">
        <Badge tone="green">{trace.environment}</Badge>
        {trace.release && <Badge tone="indigo">release {trace.release}</Badge>}
        {trace.version && <Badge tone="indigo">version {trace.version}</Badge>}
        {trace.tags.map((t) => (
          <Badge key={t}>{t}</Badge>
        ))}
        {trace.hasError && <Badge tone="red">Error</Badge>}
      </div>
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
        <Stat label="Latency">{formatDuration(trace.latencyMs)}</Stat>
        <Stat label="Tokens in / out">
          {formatTokens(trace.inputTokens)} <span className="text-slate-400">/</span> {formatTokens(trace.outputTokens)}
        </Stat>
        <Stat label="Cost">
          <span data-testid="trace-total-cost">{formatCost(trace.totalCost)}</span>
        </Stat>
        <Stat label="Observations">{formatInteger(trace.observationCount || trace.observations.length)}</Stat>
      </dl>
    </div>
  );
}
