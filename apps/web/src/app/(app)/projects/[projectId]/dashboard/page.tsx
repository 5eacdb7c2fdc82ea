import { Suspense } from "react";
import { DashboardPage } from "~/components/dashboard/dashboard-page";

export const metadata = { title: "Dashboard" };

export default async function ProjectDashboardPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  return (
    <Suspense>
      <DashboardPage projectId={projectId} />
    </Suspense>
  );
}
