import { NewExperimentPage } from "~/components/experiments/new-experiment-page";

export const metadata = { title: "New experiment" };

export default async function NewExperimentRoute({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  return <NewExperimentPage projectId={projectId} />;
}
