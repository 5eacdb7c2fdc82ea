import { DatasetDetail } from "~/components/datasets/dataset-detail";

export const metadata = { title: "Dataset" };

export default async function DatasetRoute({ params }: { params: Promise<{ projectId: string; datasetId: string }> }) {
  const { projectId, datasetId } = await params;
  return <DatasetDetail projectId={projectId} datasetId={datasetId} />;
}
