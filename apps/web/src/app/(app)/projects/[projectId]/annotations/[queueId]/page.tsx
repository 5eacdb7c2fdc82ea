import { AnnotationQueuePage } from "~/components/annotations/queue-page";

export const metadata = { title: "Annotation queue" };

export default async function AnnotationQueueRoute({
  params,
}: {
  params: Promise<{ projectId: string; queueId: string }>;
}) {
  const { projectId, queueId } = await params;
  return <AnnotationQueuePage projectId={projectId} queueId={queueId} />;
}
