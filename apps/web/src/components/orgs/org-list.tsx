"use client";
import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { Building2, ChevronRight, Plus } from "lucide-react";
import { RoleBadge } from "~/components/ui/badge";
import { LinkButton } from "~/components/ui/button";
import { EmptyState } from "~/components/ui/empty-state";
import { PageHeader } from "~/components/ui/page-header";
import { ErrorPanel } from "~/components/ui/query-state";
import { LoadingRegion, Skeleton } from "~/components/ui/skeleton";
import { OrgAvatar } from "~/components/shell/workspace-switcher";
import { pluralize } from "~/lib/format";
import { useTRPC } from "~/trpc/react";

export function OrgList() {
  const trpc = useTRPC();
  const orgs = useQuery(trpc.organizations.list.queryOptions());
  const newButton = (
    <LinkButton href="/orgs/new">
      <Plus className="size-4" aria-hidden />
      New organization
    </LinkButton>
  );

  return (
    <>
      <PageHeader
        title="Organizations"
        description="Each organization has its own projects, members and API keys."
        actions={orgs.data?.length ? newButton : undefined}
      />
      {orgs.isPending && (
        <LoadingRegion label="Loading organizations" className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          {[0, 1, 2].map((i) => (
            <div key={i} className="rounded-xl border border-slate-200 bg-white p-5">
              <Skeleton className="size-9" />
              <Skeleton className="mt-4 h-4 w-32" />
              <Skeleton className="mt-2 h-3 w-20" />
            </div>
          ))}
        </LoadingRegion>
      )}
      {orgs.isError && <ErrorPanel error={orgs.error} onRetry={() => void orgs.refetch()} />}
      {orgs.data?.length === 0 && (
        <div className="rounded-xl border border-dashed border-slate-300 bg-white">
          <EmptyState
            icon={Building2}
            title="Create your first organization"
            description="An organization groups your team and the projects you evaluate. You can invite colleagues once it exists."
            action={
              <LinkButton href="/orgs/new">
                <Plus className="size-4" aria-hidden />
                Create organization
              </LinkButton>
            }
          />
        </div>
      )}
      {orgs.data && orgs.data.length > 0 && (
        <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          {orgs.data.map((org) => (
            <li key={org.id}>
              <Link
                href={`/orgs/${org.id}`}
                className="group flex h-full flex-col rounded-xl border border-slate-200 bg-white p-5 shadow-xs transition hover:border-indigo-300 hover:shadow-md"
              >
                <div className="flex items-start justify-between">
                  <OrgAvatar name={org.name} className="size-9 text-sm" />
                  <RoleBadge role={org.role} />
                </div>
                <h2 className="mt-4 truncate font-semibold text-slate-900">{org.name}</h2>
                <p className="mt-1 flex items-center justify-between text-sm text-slate-500">
                  {pluralize(org.projects.length, "project")}
                  <ChevronRight
                    className="size-4 text-slate-300 transition group-hover:translate-x-0.5 group-hover:text-indigo-500"
                    aria-hidden
                  />
                </p>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
