"use client";
import type { ReactNode } from "react";
import { Card } from "./card";
import { ErrorPanel } from "./query-state";
import { TableSkeleton } from "./skeleton";

type TListQuery<T> = {
  isPending: boolean;
  isError: boolean;
  error: unknown;
  data: T[] | undefined;
  refetch: () => unknown;
};

/** A card holding a list from a query: skeleton while loading, error with retry, empty state, else the rows. */
export function ListCard<T>({
  query,
  loadingLabel,
  empty,
  children,
}: {
  query: TListQuery<T>;
  loadingLabel: string;
  empty: ReactNode;
  children: (rows: T[]) => ReactNode;
}) {
  const rows = query.data;
  return (
    <Card className="overflow-hidden">
      {query.isPending && <TableSkeleton label={loadingLabel} />}
      {query.isError && (
        <div className="p-5">
          <ErrorPanel error={query.error} onRetry={() => void query.refetch()} />
        </div>
      )}
      {rows?.length === 0 && empty}
      {rows && rows.length > 0 && children(rows)}
    </Card>
  );
}
