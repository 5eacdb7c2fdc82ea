"use client";
import type { ReactNode } from "react";
import { projectCrumbs, useProject } from "~/components/projects/use-project";
import { ErrorPanel, NotFoundPanel } from "~/components/ui/query-state";
import { LoadingRegion, Skeleton } from "~/components/ui/skeleton";
import type { TCrumb } from "~/components/ui/page-header";
import { isNotFound } from "~/lib/trpc-errors";
import type { TProject } from "~/lib/types";

/** Loads the project for a page's breadcrumbs; shows the shared not-found / error / loading states. */
export function ProjectFrame({
  projectId,
  label,
  children,
}: {
  projectId: string;
  label: string;
  children: (project: TProject, crumbs: (...rest: TCrumb[]) => TCrumb[]) => ReactNode;
}) {
  const project = useProject(projectId);
  if (isNotFound(project.error)) return <NotFoundPanel title="Project not found" />;
  if (project.isError) return <ErrorPanel error={project.error} onRetry={() => void project.refetch()} />;
  if (project.isPending) {
    return (
      <LoadingRegion label={`Loading ${label}`} className="space-y-6">
        <Skeleton className="h-4 w-72" />
        <Skeleton className="h-8 w-48" />
        <Skeleton className="h-24 w-full rounded-xl" />
        <Skeleton className="h-72 w-full rounded-xl" />
      </LoadingRegion>
    );
  }
  const p = project.data;
  return <>{children(p, (...rest) => [...projectCrumbs(p, `/projects/${projectId}`), ...rest])}</>;
}
