import { NewOnlineExperimentPage } from "~/components/online-experiments/new-online-experiment-page";

export const metadata = { title: "New online experiment" };

export default async function NewOnlineExperimentRoute({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  return <NewOnlineExperimentPage projectId={projectId} />;
}
