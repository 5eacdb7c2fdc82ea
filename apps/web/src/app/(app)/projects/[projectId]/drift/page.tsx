import { DriftPage } from "~/components/drift/drift-page";

export const metadata = { title: "Drift" };

export default async function DriftRoute({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  return <DriftPage projectId={projectId} />;
}
