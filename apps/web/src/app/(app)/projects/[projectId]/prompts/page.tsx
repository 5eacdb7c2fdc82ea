import { PromptsPage } from "~/components/prompts/prompts-page";

export const metadata = { title: "Prompts" };

export default async function PromptsRoute({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  return <PromptsPage projectId={projectId} />;
}
