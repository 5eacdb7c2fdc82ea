"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import type { LucideIcon } from "lucide-react";
import type { ReactNode } from "react";
import { RelativeTime } from "~/components/common/relative-time";
import { TimeRangeSelect } from "~/components/common/time-range-select";
import { useRangeParam } from "~/components/common/use-range-param";
import { ProjectFrame } from "~/components/projects/project-frame";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { Card } from "~/components/ui/card";
import { EmptyState } from "~/components/ui/empty-state";
import { PageHeader } from "~/components/ui/page-header";
import { ErrorPanel } from "~/components/ui/query-state";
import { TableSkeleton } from "~/components/ui/skeleton";
import { Table, TD, TH, THead, TR } from "~/components/ui/table";
import { cn } from "~/lib/cn";
import { capitalize } from "~/lib/format";
import { formatInteger } from "~/lib/metrics-format";
import type { TRangeId } from "~/lib/trace-filters";
import type { TTraceGroup } from "~/lib/trace-types";
import { useGroupPages } from "./use-group-pages";

export type TGroupColumn = {
  header: string;
  /** Numbers are right-aligned. */
  numeric?: boolean;
  cell: (group: TTraceGroup) => ReactNode;
  /** The cell's hover text. */
  title?: (group: TTraceGroup) => string;
};

const TRACES_COLUMN: TGroupColumn = {
  header: "Traces",
  numeric: true,
  cell: (g) => formatInteger(g.traceCount),
};

/** A column with the group's last activity, "5 minutes ago". */
export const LAST_SEEN_COLUMN: TGroupColumn = {
  header: "Last seen",
  cell: (g) => <RelativeTime value={g.lastSeen} />,
};

/** What differs between the sessions and the users list. */
export type TGroupListSpec = {
  kind: "sessions" | "users";
  description: string;
  /** The key column's link. */
  keyClassName: string;
  keyTitle?: string;
  hrefOf: (projectId: string, key: string, range: TRangeId) => string;
  /** Between the key with its trace count and the error count. */
  columns: TGroupColumn[];
  empty: { icon: LucideIcon; title: string; description: ReactNode };
};

/**
 * Sessions or users active in a time range (kept in `?range=`), page by page: the group's key
 * links to `hrefOf`, then its trace count, the kind's own columns and the error count. A click
 * anywhere on a row follows the link.
 */
export function GroupList({ projectId, spec }: { projectId: string; spec: TGroupListSpec }) {
  const title = capitalize(spec.kind);
  return (
    <ProjectFrame projectId={projectId} label={spec.kind}>
      {(_p, crumbs) => (
        <>
          <PageHeader crumbs={crumbs({ label: title })} title={title} description={spec.description} />
          <GroupTable projectId={projectId} spec={spec} />
        </>
      )}
    </ProjectFrame>
  );
}

function GroupTable({ projectId, spec }: { projectId: string; spec: TGroupListSpec }) {
  const { kind, columns } = spec;
  const router = useRouter();
  const { range, setRange, from } = useRangeParam();
  const pages = useGroupPages(kind, projectId, from);
  const noun = kind === "sessions" ? "session" : "user";
  const columnsWithTraces = [TRACES_COLUMN, ...columns];
  const cellClass = (c: TGroupColumn) =>
    c.numeric ? "px-3! text-right tabular-nums" : "px-3! whitespace-nowrap text-slate-500";
  return (
    <Card>
      <div className="flex flex-wrap items-center justify-between gap-3 border-b border-slate-100 px-4 py-2.5">
        <span className="text-sm text-slate-500" aria-live="polite">
          {pages.isSuccess
            ? `${pages.groups.length}${pages.hasNextPage ? "+" : ""} ${noun}${pages.groups.length === 1 ? "" : "s"}`
            : "Loading…"}
        </span>
        <label className="flex items-center gap-2 text-sm text-slate-600">
          <span>Active in</span>
          <TimeRangeSelect
            id={`${kind}-range`}
            value={range}
            onChange={setRange}
            className="w-44 [&_select]:h-8 [&_select]:text-xs"
          />
        </label>
      </div>
      {pages.isPending && <TableSkeleton rows={6} label={`Loading ${kind}`} />}
      {pages.isError && (
        <div className="p-5">
          <ErrorPanel error={pages.error} onRetry={() => void pages.refetch()} />
        </div>
      )}
      {pages.isSuccess && pages.groups.length === 0 && (
        <EmptyState icon={spec.empty.icon} title={spec.empty.title} description={spec.empty.description} />
      )}
      {pages.groups.length > 0 && (
        <Table label={capitalize(kind)}>
          <THead>
            <tr>
              <TH className="px-4!">{capitalize(noun)}</TH>
              {columnsWithTraces.map((c) => (
                <TH key={c.header} className={cn("px-3!", c.numeric && "text-right")}>
                  {c.header}
                </TH>
              ))}
              <TH className="px-4! text-right">Errors</TH>
            </tr>
          </THead>
          <tbody>
            {pages.groups.map((g) => {
              const href = spec.hrefOf(projectId, g.key, range);
              return (
                <TR
                  key={g.key}
                  className="cursor-pointer hover:bg-slate-50/80"
                  onClick={(e) => !(e.target as HTMLElement).closest("a") && router.push(href)}
                >
                  <TD className="max-w-72 truncate px-4!">
                    <Link href={href} className={spec.keyClassName} title={spec.keyTitle}>
                      {g.key}
                    </Link>
                  </TD>
                  {columnsWithTraces.map((c) => (
                    <TD key={c.header} className={cellClass(c)} title={c.title?.(g)}>
                      {c.cell(g)}
                    </TD>
                  ))}
                  <TD className="px-4! text-right">
                    {g.errorCount > 0 ? (
                      <Badge tone="red">{g.errorCount}</Badge>
                    ) : (
                      <span className="text-slate-300">0</span>
                    )}
                  </TD>
                </TR>
              );
            })}
          </tbody>
        </Table>
      )}
      {pages.hasNextPage && (
        <div className="flex justify-center border-t border-slate-100 p-3">
          <Button
            variant="secondary"
            size="sm"
            onClick={() => void pages.fetchNextPage()}
            loading={pages.isFetchingNextPage}
          >
            Load more
          </Button>
        </div>
      )}
    </Card>
  );
}
