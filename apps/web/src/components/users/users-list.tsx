"use client";
import { UserRound } from "lucide-react";
import { GroupList, LAST_SEEN_COLUMN, type TGroupListSpec } from "~/components/trace-groups/group-list";
import { formatCost, formatTokens } from "~/lib/metrics-format";
import { DEFAULT_RANGE, tracesHref } from "~/lib/trace-filters";

const USERS: TGroupListSpec = {
  kind: "users",
  description: "Your application's end users, by their traces, cost and errors.",
  keyClassName: "font-medium text-slate-900 hover:text-indigo-700",
  keyTitle: "Show this user's traces",
  // The traces list keeps the range the users list showed (7 days is its default).
  hrefOf: (projectId, key, range) =>
    tracesHref(projectId, { user: key, range: range === DEFAULT_RANGE ? undefined : range }),
  columns: [
    { header: "Cost", numeric: true, cell: (g) => formatCost(g.totalCost) },
    { header: "Tokens", numeric: true, cell: (g) => formatTokens(g.totalTokens) },
    LAST_SEEN_COLUMN,
  ],
  empty: {
    icon: UserRound,
    title: "No users in this time range",
    description: (
      <>
        Set <code className="rounded bg-slate-100 px-1 text-xs">userId</code> on your traces to see cost and usage per
        end user.
      </>
    ),
  },
};

export function UsersList({ projectId }: { projectId: string }) {
  return <GroupList projectId={projectId} spec={USERS} />;
}
