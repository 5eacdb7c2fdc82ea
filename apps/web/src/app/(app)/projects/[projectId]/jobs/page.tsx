import { JobsPage } from "~/components/jobs/jobs-page";

export const metadata = { title: "Jobs" };

export default async function JobsRoute({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  return <JobsPage projectId={projectId} />;
}
