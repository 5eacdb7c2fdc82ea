import { AlertsPage } from "~/components/alerts/alerts-page";

export const metadata = { title: "Alerts" };

export default async function AlertsRoute({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  return <AlertsPage projectId={projectId} />;
}
