"use client";
import { useRouter } from "next/navigation";
import { PageHeader } from "~/components/ui/page-header";
import { ProjectFrame } from "~/components/projects/project-frame";
import { GraderEditor } from "./grader-editor";

export function NewGraderPage({ projectId }: { projectId: string }) {
  const router = useRouter();
  const list = `/projects/${projectId}/graders`;
  return (
    <ProjectFrame projectId={projectId} label="new grader">
      {(_p, crumbs) => (
        <>
          <PageHeader crumbs={crumbs({ label: "Graders", href: list }, { label: "New" })} title="New grader" />
          <GraderEditor
            projectId={projectId}
            onCancel={() => router.push(list)}
            onSaved={({ graderId }) => router.push(`${list}/${graderId}`)}
          />
        </>
      )}
    </ProjectFrame>
  );
}
