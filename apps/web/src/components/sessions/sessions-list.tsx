"use client";
import { MessagesSquare } from "lucide-react";
import { GroupList, LAST_SEEN_COLUMN, type TGroupListSpec } from "~/components/trace-groups/group-list";
import { formatDateTime } from "~/lib/format";
import { durationMs, formatCost, formatDuration } from "~/lib/metrics-format";

const SESSIONS: TGroupListSpec = {
  kind: "sessions",
  description: "Multi-turn conversations: traces grouped by their session ID.",
  keyClassName: "font-mono text-xs font-medium text-slate-900 hover:text-indigo-700",
  hrefOf: (projectId, key) => `/projects/${projectId}/sessions/${encodeURIComponent(key)}`,
  columns: [
    { header: "First seen", cell: (g) => formatDateTime(g.firstSeen), title: (g) => formatDateTime(g.firstSeen) },
    LAST_SEEN_COLUMN,
    { header: "Duration", numeric: true, cell: (g) => formatDuration(durationMs(g.firstSeen, g.lastSeen)) },
    { header: "Cost", numeric: true, cell: (g) => formatCost(g.totalCost) },
  ],
  empty: {
    icon: MessagesSquare,
    title: "No sessions in this time range",
    description: (
      <>
        Traces that share a <code className="rounded bg-slate-100 px-1 text-xs">sessionId</code> form a session, such as
        one chat conversation. Set it when you create the trace.
      </>
    ),
  },
};

export function SessionsList({ projectId }: { projectId: string }) {
  return <GroupList projectId={projectId} spec={SESSIONS} />;
}
