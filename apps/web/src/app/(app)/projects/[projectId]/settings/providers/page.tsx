import { ProvidersPage } from "~/components/providers/providers-page";

export const metadata = { title: "Model providers" };

export default async function ProvidersRoute({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  return <ProvidersPage projectId={projectId} />;
}
