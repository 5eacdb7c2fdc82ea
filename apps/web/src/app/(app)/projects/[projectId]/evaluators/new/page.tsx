import { NewEvaluatorPage } from "~/components/evaluators/new-evaluator-page";

export const metadata = { title: "New evaluator" };

export default async function NewEvaluatorRoute({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  return <NewEvaluatorPage projectId={projectId} />;
}
