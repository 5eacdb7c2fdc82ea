import { PlannerPage } from "~/components/evaluators/planner-page";

export const metadata = { title: "Eval cost planner" };

export default async function PlannerRoute({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  return <PlannerPage projectId={projectId} />;
}
