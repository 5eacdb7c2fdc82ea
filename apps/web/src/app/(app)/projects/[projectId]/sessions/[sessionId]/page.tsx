import { SessionDetail } from "~/components/sessions/session-detail";

export const metadata = { title: "Session" };

export default async function SessionPage({ params }: { params: Promise<{ projectId: string; sessionId: string }> }) {
  const { projectId, sessionId } = await params;
  return <SessionDetail projectId={projectId} sessionId={decodeURIComponent(sessionId)} />;
}
