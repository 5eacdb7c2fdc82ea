"use client";
import { DangerDeleteSection } from "~/components/common/danger-delete-section";
import { RenameSection } from "~/components/common/rename-section";
import { SettingsPage } from "~/components/common/settings-page";
import { projectCrumbs, useProject } from "~/components/projects/use-project";
import { useTRPC } from "~/trpc/react";
import { ApiKeysSection } from "./api-keys-section";
import { TraceRetentionSection } from "./trace-retention-section";

export function ProjectSettings({ projectId }: { projectId: string }) {
  const trpc = useTRPC();
  const project = useProject(projectId);
  return (
    <SettingsPage
      query={project}
      notFoundTitle="Project not found"
      loadingLabel="Loading project settings"
      title="Project settings"
      crumbs={(p) => [...projectCrumbs(p, `/projects/${projectId}`), { label: "Settings" }]}
    >
      {(p) => (
        <>
          <RenameSection
            idPrefix="project"
            noun="project"
            name={p.name}
            role={p.role}
            mutation={trpc.projects.rename.mutationOptions()}
            variables={(name) => ({ projectId, name })}
            invalidate={[trpc.projects.pathKey(), trpc.organizations.list.queryKey()]}
          >
            <p className="text-xs text-slate-500">
              Project ID <code className="rounded bg-slate-100 px-1 py-0.5 font-mono text-slate-700">{projectId}</code>
            </p>
          </RenameSection>
          <ApiKeysSection projectId={projectId} role={p.role} />
          <TraceRetentionSection projectId={projectId} role={p.role} days={p.traceRetentionDays} />
          <DangerDeleteSection
            idPrefix="project"
            noun="project"
            name={p.name}
            role={p.role}
            summary="Deletes the project, its API keys and all of its data. This cannot be undone."
            deniedHint="Only owners can delete projects"
            consequences="The project, its API keys and all of its data will be permanently deleted."
            mutation={trpc.projects.delete.mutationOptions()}
            variables={(confirmName) => ({ projectId, confirmName })}
            invalidate={[
              trpc.projects.list.queryKey({ organizationId: p.organizationId }),
              trpc.organizations.list.queryKey(),
            ]}
            redirectTo={`/orgs/${p.organizationId}`}
          />
        </>
      )}
    </SettingsPage>
  );
}
