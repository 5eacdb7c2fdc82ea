import { PromptDetail } from "~/components/prompts/prompt-detail";

export const metadata = { title: "Prompt" };

export default async function PromptRoute({ params }: { params: Promise<{ projectId: string; promptId: string }> }) {
  const { projectId, promptId } = await params;
  return <PromptDetail projectId={projectId} promptId={promptId} />;
}
