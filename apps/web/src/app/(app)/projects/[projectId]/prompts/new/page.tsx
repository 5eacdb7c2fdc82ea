import { NewPromptPage } from "~/components/prompts/new-prompt-page";

export const metadata = { title: "New prompt" };

export default async function NewPromptRoute({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  return <NewPromptPage projectId={projectId} />;
}
