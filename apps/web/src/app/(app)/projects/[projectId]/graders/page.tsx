import { GradersPage } from "~/components/graders/graders-page";

export const metadata = { title: "Graders" };

export default async function GradersRoute({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  return <GradersPage projectId={projectId} />;
}
