import { NewGraderPage } from "~/components/graders/new-grader-page";

export const metadata = { title: "New grader" };

export default async function NewGraderRoute({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  return <NewGraderPage projectId={projectId} />;
}
