import { OnlineExperimentsPage } from "~/components/online-experiments/online-experiments-page";

export const metadata = { title: "Online experiments" };

export default async function OnlineExperimentsRoute({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  return <OnlineExperimentsPage projectId={projectId} />;
}
