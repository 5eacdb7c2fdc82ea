import { DriftReportPage } from "~/components/drift/drift-report-page";

export const metadata = { title: "Drift report" };

export default async function DriftReportRoute({
  params,
}: {
  params: Promise<{ projectId: string; reportId: string }>;
}) {
  const { projectId, reportId } = await params;
  return <DriftReportPage projectId={projectId} reportId={reportId} />;
}
