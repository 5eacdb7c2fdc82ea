import { Suspense } from "react";
import { ExperimentsPage } from "~/components/experiments/experiments-page";

export const metadata = { title: "Experiments" };

export default async function ExperimentsRoute({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  return (
    <Suspense>
      <ExperimentsPage projectId={projectId} />
    </Suspense>
  );
}
