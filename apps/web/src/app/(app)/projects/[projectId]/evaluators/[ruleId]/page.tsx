import { EvaluatorDetail } from "~/components/evaluators/evaluator-detail";

export const metadata = { title: "Evaluator" };

export default async function EvaluatorRoute({ params }: { params: Promise<{ projectId: string; ruleId: string }> }) {
  const { projectId, ruleId } = await params;
  return <EvaluatorDetail projectId={projectId} ruleId={ruleId} />;
}
