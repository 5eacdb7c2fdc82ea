import { RunPage } from "~/components/experiments/run-page";

export const metadata = { title: "Experiment run" };

export default async function ExperimentRunRoute({
  params,
}: {
  params: Promise<{ projectId: string; runId: string }>;
}) {
  const { projectId, runId } = await params;
  return <RunPage projectId={projectId} runId={runId} />;
}
