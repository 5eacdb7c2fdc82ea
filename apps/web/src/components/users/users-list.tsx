"use client";
import { UserRound } from "lucide-react";
import { GroupList, LAST_SEEN_COLUMN } from "~/components/trace-groups/group-list";
import { formatCost, formatInteger, formatTokens } from "~/lib/metrics-format";
import { DEFAULT_RANGE, tracesHref } from "~/lib/trace-filters";

export function UsersList({ projectId }: { projectId: string }) {
  return (
    <GroupList
      kind="users"
      projectId={projectId}
      title="Users"
      description="Your application's end users, by their traces, cost and errors."
      keyLabel="User"
      keyClassName="font-medium text-slate-900 hover:text-indigo-700"
      keyTitle="Show this user's traces"
      hrefOf={(key, range) => tracesHref(projectId, { user: key, range: range === DEFAULT_RANGE ? undefined : range })}
      columns={[
        { header: "Traces", numeric: true, cell: (g) => formatInteger(g.traceCount) },
        { header: "Cost", numeric: true, cell: (g) => formatCost(g.totalCost) },
        { header: "Tokens", numeric: true, cell: (g) => formatTokens(g.totalTokens) },
        LAST_SEEN_COLUMN,
      ]}
      emptyIcon={UserRound}
      emptyTitle="No users in this time range"
      emptyDescription={
        <>
          Set <code className="rounded bg-slate-100 px-1 text-xs">userId</code> on your traces to see cost and usage per end user.
        </>
      }
    />
  );
}
