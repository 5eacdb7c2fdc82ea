import { Suspense } from "react";
import { ComparePage } from "~/components/experiments/compare-page";

export const metadata = { title: "Compare runs" };

export default async function CompareRoute({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  return (
    <Suspense>
      <ComparePage projectId={projectId} />
    </Suspense>
  );
}
