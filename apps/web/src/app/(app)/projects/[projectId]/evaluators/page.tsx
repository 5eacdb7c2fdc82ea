import { EvaluatorsPage } from "~/components/evaluators/evaluators-page";

export const metadata = { title: "Evaluators" };

export default async function EvaluatorsRoute({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  return <EvaluatorsPage projectId={projectId} />;
}
