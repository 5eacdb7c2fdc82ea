import { GraderDetail } from "~/components/graders/grader-detail";

export const metadata = { title: "Grader" };

export default async function GraderRoute({ params }: { params: Promise<{ projectId: string; graderId: string }> }) {
  const { projectId, graderId } = await params;
  return <GraderDetail projectId={projectId} graderId={graderId} />;
}
