import { OnlineExperimentPage } from "~/components/online-experiments/online-experiment-page";

export const metadata = { title: "Online experiment" };

export default async function OnlineExperimentRoute({
  params,
}: {
  params: Promise<{ projectId: string; experimentId: string }>;
}) {
  const { projectId, experimentId } = await params;
  return <OnlineExperimentPage projectId={projectId} experimentId={experimentId} />;
}
