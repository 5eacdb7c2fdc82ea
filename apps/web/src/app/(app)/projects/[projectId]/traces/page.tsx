import { Suspense } from "react";
import { TracesExplorer } from "~/components/traces/traces-explorer";

export const metadata = { title: "Traces" };

export default async function TracesPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  return (
    <Suspense>
      <TracesExplorer projectId={projectId} />
    </Suspense>
  );
}
