import { DatasetsPage } from "~/components/datasets/datasets-page";

export const metadata = { title: "Datasets" };

export default async function DatasetsRoute({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  return <DatasetsPage projectId={projectId} />;
}
