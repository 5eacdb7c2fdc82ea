"use client";
import type { ReactNode } from "react";
import { RoleBadge } from "~/components/ui/badge";
import { PageHeader, type TCrumb } from "~/components/ui/page-header";
import { ErrorPanel, NotFoundPanel } from "~/components/ui/query-state";
import { LoadingRegion, Skeleton } from "~/components/ui/skeleton";
import type { Role } from "~/lib/roles";
import { isNotFound } from "~/lib/trpc-errors";

type TSettingsQuery<T> = {
  isPending: boolean;
  isError: boolean;
  error: unknown;
  data: T | undefined;
  refetch: () => unknown;
};

/** An organization's or project's settings: the shared loading, not-found and error states, a header naming your role, then the sections. */
export function SettingsPage<T extends { name: string; role: Role }>({
  query,
  notFoundTitle,
  loadingLabel,
  title,
  crumbs,
  children,
}: {
  query: TSettingsQuery<T>;
  notFoundTitle: string;
  loadingLabel: string;
  title: string;
  crumbs: (data: T) => TCrumb[];
  children: (data: T) => ReactNode;
}) {
  if (isNotFound(query.error)) return <NotFoundPanel title={notFoundTitle} />;
  if (query.isError) return <ErrorPanel error={query.error} onRetry={() => void query.refetch()} />;
  if (query.isPending || query.data === undefined) {
    return (
      <LoadingRegion label={loadingLabel} className="space-y-6">
        <Skeleton className="h-8 w-64" />
        <Skeleton className="h-40 w-full rounded-xl" />
        <Skeleton className="h-64 w-full rounded-xl" />
      </LoadingRegion>
    );
  }
  const data = query.data;
  return (
    <>
      <PageHeader
        crumbs={crumbs(data)}
        title={title}
        description={
          <span className="flex items-center gap-2">
            {data.name} · your role <RoleBadge role={data.role} />
          </span>
        }
      />
      <div className="space-y-8">{children(data)}</div>
    </>
  );
}
