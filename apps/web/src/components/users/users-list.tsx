"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { UserRound } from "lucide-react";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { Card } from "~/components/ui/card";
import { EmptyState } from "~/components/ui/empty-state";
import { PageHeader } from "~/components/ui/page-header";
import { ErrorPanel } from "~/components/ui/query-state";
import { TableSkeleton } from "~/components/ui/skeleton";
import { Table, TD, TH, THead, TR } from "~/components/ui/table";
import { useGroupPages } from "~/components/sessions/use-group-pages";
import { ProjectFrame } from "~/components/projects/project-frame";
import { RelativeTime } from "~/components/common/relative-time";
import { TimeRangeSelect } from "~/components/common/time-range-select";
import { useRangeParam } from "~/components/common/use-range-param";
import { formatCost, formatInteger, formatTokens } from "~/lib/metrics-format";
import { tracesHref } from "~/lib/trace-filters";

function UsersBody({ projectId }: { projectId: string }) {
  const router = useRouter();
  const { range, setRange, from } = useRangeParam();
  const pages = useGroupPages("users", projectId, from);
  return (
    <Card>
      <div className="flex flex-wrap items-center justify-between gap-3 border-b border-slate-100 px-4 py-2.5">
        <span className="text-sm text-slate-500" aria-live="polite">
          {pages.isSuccess ? `${pages.groups.length}${pages.hasNextPage ? "+" : ""} user${pages.groups.length === 1 ? "" : "s"}` : "Loading…"}
        </span>
        <label className="flex items-center gap-2 text-sm text-slate-600">
          <span>Active in</span>
          <TimeRangeSelect id="users-range" value={range} onChange={setRange} className="w-44 [&_select]:h-8 [&_select]:text-xs" />
        </label>
      </div>
      {pages.isPending && <TableSkeleton rows={6} label="Loading users" />}
      {pages.isError && (
        <div className="p-5">
          <ErrorPanel error={pages.error} onRetry={() => void pages.refetch()} />
        </div>
      )}
      {pages.isSuccess && pages.groups.length === 0 && (
        <EmptyState
          icon={UserRound}
          title="No users in this time range"
          description={
            <>
              Set <code className="rounded bg-slate-100 px-1 text-xs">userId</code> on your traces to see cost and usage per end user.
            </>
          }
        />
      )}
      {pages.groups.length > 0 && (
        <Table label="Users">
          <THead>
            <tr>
              <TH className="px-4!">User</TH>
              <TH className="px-3! text-right">Traces</TH>
              <TH className="px-3! text-right">Cost</TH>
              <TH className="px-3! text-right">Tokens</TH>
              <TH className="px-3!">Last seen</TH>
              <TH className="px-4! text-right">Errors</TH>
            </tr>
          </THead>
          <tbody>
            {pages.groups.map((g) => {
              const href = tracesHref(projectId, { user: g.key, range: range === "7d" ? undefined : range });
              return (
                <TR key={g.key} className="cursor-pointer hover:bg-slate-50/80" onClick={(e) => !(e.target as HTMLElement).closest("a") && router.push(href)}>
                  <TD className="max-w-72 truncate px-4!">
                    <Link href={href} className="font-medium text-slate-900 hover:text-indigo-700" title="Show this user's traces">
                      {g.key}
                    </Link>
                  </TD>
                  <TD className="px-3! text-right tabular-nums">{formatInteger(g.traceCount)}</TD>
                  <TD className="px-3! text-right tabular-nums">{formatCost(g.totalCost)}</TD>
                  <TD className="px-3! text-right tabular-nums">{formatTokens(g.totalTokens)}</TD>
                  <TD className="px-3! whitespace-nowrap text-slate-500">
                    <RelativeTime value={g.lastSeen} />
                  </TD>
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

export function UsersList({ projectId }: { projectId: string }) {
  return (
    <ProjectFrame projectId={projectId} label="users">
      {(_p, crumbs) => (
        <>
          <PageHeader crumbs={crumbs({ label: "Users" })} title="Users" description="Your application's end users, by their traces, cost and errors." />
          <UsersBody projectId={projectId} />
        </>
      )}
    </ProjectFrame>
  );
}
