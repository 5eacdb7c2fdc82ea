"use client";
import { MessagesSquare } from "lucide-react";
import { useMemo } from "react";
import { Button } from "~/components/ui/button";
import { CopyButton } from "~/components/ui/copy-button";
import { EmptyState } from "~/components/ui/empty-state";
import { PageHeader } from "~/components/ui/page-header";
import { ErrorPanel } from "~/components/ui/query-state";
import { LoadingRegion, Skeleton } from "~/components/ui/skeleton";
import { ProjectFrame } from "~/components/projects/project-frame";
import { useTracePages } from "~/components/traces/use-trace-pages";
import { formatDateTime } from "~/lib/format";
import { formatCost, formatDuration, pluralizeCount } from "~/lib/metrics-format";
import { ConversationTurn } from "./conversation-turn";

function SessionBody({ projectId, sessionId }: { projectId: string; sessionId: string }) {
  const input = useMemo(
    () => ({
      projectId,
      filter: { sessionId },
      list: { sort: "timestamp" as const, order: "asc" as const, limit: 50 },
    }),
    [projectId, sessionId],
  );
  const pages = useTracePages(input);
  if (pages.isPending) {
    return (
      <LoadingRegion label="Loading session" className="space-y-4">
        <Skeleton className="h-32 rounded-xl" />
        <Skeleton className="h-32 rounded-xl" />
      </LoadingRegion>
    );
  }
  if (pages.isError) return <ErrorPanel error={pages.error} onRetry={() => void pages.refetch()} />;
  const traces = pages.traces;
  if (traces.length === 0) {
    return (
      <EmptyState
        icon={MessagesSquare}
        title="No traces in this session"
        description="Nothing was recorded with this session ID."
      />
    );
  }
  const first = traces[0]!;
  const last = traces[traces.length - 1]!;
  const cost = traces.reduce((s, t) => s + t.totalCost, 0);
  const errors = traces.filter((t) => t.hasError).length;
  return (
    <>
      <p className="mb-4 text-sm text-slate-600 [overflow-wrap:anywhere]">
        {pluralizeCount(traces.length, "trace")}
        {pages.hasNextPage ? "+" : ""} · started {formatDateTime(first.timestamp)} · lasted{" "}
        {formatDuration(new Date(last.timestamp).getTime() - new Date(first.timestamp).getTime())} · {formatCost(cost)}
        {errors > 0 && <span className="text-red-600"> · {pluralizeCount(errors, "error")}</span>}
        {first.userId && <> · user {first.userId}</>}
      </p>
      <ol aria-label="Conversation" className="space-y-4">
        {traces.map((t, i) => (
          <ConversationTurn key={t.id} projectId={projectId} trace={t} index={i} />
        ))}
      </ol>
      {pages.hasNextPage && (
        <div className="mt-4 flex justify-center">
          <Button
            variant="secondary"
            size="sm"
            onClick={() => void pages.fetchNextPage()}
            loading={pages.isFetchingNextPage}
          >
            Load later turns
          </Button>
        </div>
      )}
    </>
  );
}

export function SessionDetail({ projectId, sessionId }: { projectId: string; sessionId: string }) {
  return (
    <ProjectFrame projectId={projectId} label="session">
      {(_p, crumbs) => (
        <>
          <PageHeader
            crumbs={crumbs(
              { label: "Sessions", href: `/projects/${projectId}/sessions` },
              { label: sessionId.length > 24 ? `${sessionId.slice(0, 24)}…` : sessionId },
            )}
            title={<span className="font-mono text-xl">{sessionId}</span>}
            actions={<CopyButton value={sessionId} label="Copy ID" size="sm" />}
          />
          <div className="max-w-4xl">
            <SessionBody projectId={projectId} sessionId={sessionId} />
          </div>
        </>
      )}
    </ProjectFrame>
  );
}
