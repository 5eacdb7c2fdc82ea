import { CandidatesPage } from "~/components/candidates/candidates-page";

export const metadata = { title: "Candidates" };

export default async function CandidatesRoute({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  return <CandidatesPage projectId={projectId} />;
}
