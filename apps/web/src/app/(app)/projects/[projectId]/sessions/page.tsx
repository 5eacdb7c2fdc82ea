import { Suspense } from "react";
import { SessionsList } from "~/components/sessions/sessions-list";

export const metadata = { title: "Sessions" };

export default async function SessionsPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  return (
    <Suspense>
      <SessionsList projectId={projectId} />
    </Suspense>
  );
}
