"use client";
import { RoleBadge } from "~/components/ui/badge";
import { PageHeader } from "~/components/ui/page-header";
import { ErrorPanel, NotFoundPanel } from "~/components/ui/query-state";
import { LoadingRegion, Skeleton } from "~/components/ui/skeleton";
import { projectCrumbs, useProject } from "~/components/projects/use-project";
import { isNotFound } from "~/lib/trpc-errors";
import { ApiKeysSection } from "./api-keys-section";
import { DeleteProjectSection } from "./delete-project-section";
import { RenameProjectSection } from "./rename-project-section";

export function ProjectSettings({ projectId }: { projectId: string }) {
  const project = useProject(projectId);

  if (isNotFound(project.error)) return <NotFoundPanel title="Project not found" />;
  if (project.isError) return <ErrorPanel error={project.error} onRetry={() => void project.refetch()} />;
  if (project.isPending) {
    return (
      <LoadingRegion label="Loading project settings" className="space-y-6">
        <Skeleton className="h-8 w-64" />
        <Skeleton className="h-40 w-full rounded-xl" />
        <Skeleton className="h-64 w-full rounded-xl" />
      </LoadingRegion>
    );
  }

  const p = project.data;
  return (
    <>
      <PageHeader
        crumbs={[...projectCrumbs(p, `/projects/${projectId}`), { label: "Settings" }]}
        title="Project settings"
        description={
          <span className="flex items-center gap-2">
            {p.name} · your role <RoleBadge role={p.role} />
          </span>
        }
      />
      <div className="space-y-8">
        <RenameProjectSection projectId={projectId} name={p.name} role={p.role} />
        <ApiKeysSection projectId={projectId} role={p.role} />
        <DeleteProjectSection projectId={projectId} organizationId={p.organizationId} name={p.name} role={p.role} />
      </div>
    </>
  );
}
