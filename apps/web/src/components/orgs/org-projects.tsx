"use client";
import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { FolderKanban, KeyRound, Plus } from "lucide-react";
import { useState } from "react";
import { RoleBadge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { EmptyState } from "~/components/ui/empty-state";
import { PageHeader } from "~/components/ui/page-header";
import { ErrorPanel, NotFoundPanel } from "~/components/ui/query-state";
import { LoadingRegion, Skeleton } from "~/components/ui/skeleton";
import { Tooltip } from "~/components/ui/tooltip";
import { CreateProjectDialog } from "~/components/projects/create-project-dialog";
import { formatDate, pluralize } from "~/lib/format";
import { hasRole } from "~/lib/roles";
import { isNotFound } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";

function ProjectsSkeleton() {
  return (
    <LoadingRegion label="Loading projects" className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
      {[0, 1, 2].map((i) => (
        <div key={i} className="rounded-xl border border-slate-200 bg-white p-5">
          <Skeleton className="h-4 w-32" />
          <Skeleton className="mt-2 h-3 w-24" />
          <Skeleton className="mt-6 h-3 w-28" />
        </div>
      ))}
    </LoadingRegion>
  );
}

export function OrgProjects({ organizationId }: { organizationId: string }) {
  const trpc = useTRPC();
  const org = useQuery(trpc.organizations.get.queryOptions({ organizationId }));
  const projects = useQuery(trpc.projects.list.queryOptions({ organizationId }));
  const [creating, setCreating] = useState(false);

  if (isNotFound(org.error) || isNotFound(projects.error)) return <NotFoundPanel title="Organization not found" />;
  if (org.isError) return <ErrorPanel error={org.error} onRetry={() => void org.refetch()} />;

  const canCreate = hasRole(org.data?.role, "ADMIN");
  const newProject = (
    <Tooltip content={org.data && !canCreate ? "Only admins and owners can create projects" : undefined}>
      {(describedBy) => (
        <Button onClick={() => setCreating(true)} disabled={!canCreate} aria-describedby={describedBy}>
          <Plus className="size-4" aria-hidden />
          New project
        </Button>
      )}
    </Tooltip>
  );

  return (
    <>
      <PageHeader
        crumbs={[{ label: "Organizations", href: "/orgs" }, { label: org.data?.name ?? "…" }]}
        title={org.data ? org.data.name : <Skeleton className="h-8 w-56" />}
        description={
          org.data && (
            <span className="flex items-center gap-2">
              Projects in this organization · your role <RoleBadge role={org.data.role} />
            </span>
          )
        }
        actions={org.data && projects.data && projects.data.length > 0 ? newProject : undefined}
      />
      {projects.isPending && <ProjectsSkeleton />}
      {projects.isError && <ErrorPanel error={projects.error} onRetry={() => void projects.refetch()} />}
      {projects.data?.length === 0 && (
        <div className="rounded-xl border border-dashed border-slate-300 bg-white">
          <EmptyState
            icon={FolderKanban}
            title="No projects yet"
            description="Create a project for each LLM feature you want to evaluate: a support bot, a summariser, a RAG search…"
            action={canCreate ? newProject : <p className="text-sm text-slate-500">Ask an admin to create one.</p>}
          />
        </div>
      )}
      {projects.data && projects.data.length > 0 && (
        <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          {projects.data.map((p) => (
            <li key={p.id}>
              <Link
                href={`/projects/${p.id}`}
                className="flex h-full flex-col rounded-xl border border-slate-200 bg-white p-5 shadow-xs transition hover:border-indigo-300 hover:shadow-md"
              >
                <div className="flex items-center gap-2.5">
                  <span className="flex size-8 items-center justify-center rounded-lg bg-indigo-50 text-indigo-600">
                    <FolderKanban className="size-4" aria-hidden />
                  </span>
                  <h2 className="min-w-0 truncate font-semibold text-slate-900">{p.name}</h2>
                </div>
                <p className="mt-3 text-sm text-slate-500">Created {formatDate(p.createdAt)}</p>
                <p className="mt-4 flex items-center gap-1.5 border-t border-slate-100 pt-3 text-xs text-slate-500">
                  <KeyRound className="size-3.5" aria-hidden />
                  {pluralize(p.activeApiKeys, "active API key")}
                </p>
              </Link>
            </li>
          ))}
        </ul>
      )}
      {canCreate && (
        <CreateProjectDialog organizationId={organizationId} open={creating} onClose={() => setCreating(false)} />
      )}
    </>
  );
}
