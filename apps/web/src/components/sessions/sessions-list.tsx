"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { MessagesSquare } from "lucide-react";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { Card } from "~/components/ui/card";
import { EmptyState } from "~/components/ui/empty-state";
import { PageHeader } from "~/components/ui/page-header";
import { ErrorPanel } from "~/components/ui/query-state";
import { TableSkeleton } from "~/components/ui/skeleton";
import { Table, TD, TH, THead, TR } from "~/components/ui/table";
import { ProjectFrame } from "~/components/projects/project-frame";
import { RelativeTime } from "~/components/common/relative-time";
import { TimeRangeSelect } from "~/components/common/time-range-select";
import { useRangeParam } from "~/components/common/use-range-param";
import { formatDateTime } from "~/lib/format";
import { durationMs, formatCost, formatDuration, formatInteger } from "~/lib/metrics-format";
import { useGroupPages } from "./use-group-pages";

function SessionsBody({ projectId }: { projectId: string }) {
  const router = useRouter();
  const { range, setRange, from } = useRangeParam();
  const pages = useGroupPages("sessions", projectId, from);
  return (
    <Card>
      <div className="flex flex-wrap items-center justify-between gap-3 border-b border-slate-100 px-4 py-2.5">
        <span className="text-sm text-slate-500" aria-live="polite">
          {pages.isSuccess ? `${pages.groups.length}${pages.hasNextPage ? "+" : ""} session${pages.groups.length === 1 ? "" : "s"}` : "Loading…"}
        </span>
        <label className="flex items-center gap-2 text-sm text-slate-600">
          <span>Active in</span>
          <TimeRangeSelect id="sessions-range" value={range} onChange={setRange} className="w-44 [&_select]:h-8 [&_select]:text-xs" />
        </label>
      </div>
      {pages.isPending && <TableSkeleton rows={6} label="Loading sessions" />}
      {pages.isError && (
        <div className="p-5">
          <ErrorPanel error={pages.error} onRetry={() => void pages.refetch()} />
        </div>
      )}
      {pages.isSuccess && pages.groups.length === 0 && (
        <EmptyState
          icon={MessagesSquare}
          title="No sessions in this time range"
          description={
            <>
              Traces that share a <code className="rounded bg-slate-100 px-1 text-xs">sessionId</code> form a session, such as one
              chat conversation. Set it when you create the trace.
            </>
          }
        />
      )}
      {pages.groups.length > 0 && (
        <Table label="Sessions">
          <THead>
            <tr>
              <TH className="px-4!">Session</TH>
              <TH className="px-3! text-right">Traces</TH>
              <TH className="px-3!">First seen</TH>
              <TH className="px-3!">Last seen</TH>
              <TH className="px-3! text-right">Duration</TH>
              <TH className="px-3! text-right">Cost</TH>
              <TH className="px-4! text-right">Errors</TH>
            </tr>
          </THead>
          <tbody>
            {pages.groups.map((g) => {
              const href = `/projects/${projectId}/sessions/${encodeURIComponent(g.key)}`;
              return (
                <TR key={g.key} className="cursor-pointer hover:bg-slate-50/80" onClick={(e) => !(e.target as HTMLElement).closest("a") && router.push(href)}>
                  <TD className="max-w-72 truncate px-4!">
                    <Link href={href} className="font-mono text-xs font-medium text-slate-900 hover:text-indigo-700">
                      {g.key}
                    </Link>
                  </TD>
                  <TD className="px-3! text-right tabular-nums">{formatInteger(g.traceCount)}</TD>
                  <TD className="px-3! whitespace-nowrap text-slate-500" title={formatDateTime(g.firstSeen)}>
                    {formatDateTime(g.firstSeen)}
                  </TD>
                  <TD className="px-3! whitespace-nowrap text-slate-500">
                    <RelativeTime value={g.lastSeen} />
                  </TD>
                  <TD className="px-3! text-right tabular-nums">{formatDuration(durationMs(g.firstSeen, g.lastSeen))}</TD>
                  <TD className="px-3! text-right tabular-nums">{formatCost(g.totalCost)}</TD>
                  <TD className="px-4! text-right">{g.errorCount > 0 ? <Badge tone="red">{g.errorCount}</Badge> : <span className="text-slate-300">0</span>}</TD>
                </TR>
              );
            })}
          </tbody>
        </Table>
      )}
      {pages.hasNextPage && (
        <div className="flex justify-center border-t border-slate-100 p-3">
          <Button variant="secondary" size="sm" onClick={() => void pages.fetchNextPage()} loading={pages.isFetchingNextPage}>
            Load more
          </Button>
        </div>
      )}
    </Card>
  );
}

export function SessionsList({ projectId }: { projectId: string }) {
  return (
    <ProjectFrame projectId={projectId} label="sessions">
      {(_p, crumbs) => (
        <>
          <PageHeader crumbs={crumbs({ label: "Sessions" })} title="Sessions" description="Multi-turn conversations: traces grouped by their session ID." />
          <SessionsBody projectId={projectId} />
        </>
      )}
    </ProjectFrame>
  );
}
