"use client";
import { useRouter } from "next/navigation";
import { PageHeader } from "~/components/ui/page-header";
import { ProjectFrame } from "~/components/projects/project-frame";
import { PromptEditor } from "./prompt-editor";

export function NewPromptPage({ projectId }: { projectId: string }) {
  const router = useRouter();
  const list = `/projects/${projectId}/prompts`;
  return (
    <ProjectFrame projectId={projectId} label="new prompt">
      {(_p, crumbs) => (
        <>
          <PageHeader crumbs={crumbs({ label: "Prompts", href: list }, { label: "New" })} title="New prompt" />
          <PromptEditor
            projectId={projectId}
            onCancel={() => router.push(list)}
            onSaved={({ promptId }) => router.push(`${list}/${promptId}`)}
          />
        </>
      )}
    </ProjectFrame>
  );
}
