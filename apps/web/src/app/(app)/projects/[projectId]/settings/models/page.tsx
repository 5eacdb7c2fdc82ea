import { ModelPricesPage } from "~/components/prices/model-prices-page";

export const metadata = { title: "Model prices" };

export default async function ModelPricesRoute({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  return <ModelPricesPage projectId={projectId} />;
}
