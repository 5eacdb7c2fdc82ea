import { AnnotationQueuesPage } from "~/components/annotations/queues-page";

export const metadata = { title: "Annotation queues" };

export default async function AnnotationQueuesRoute({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  return <AnnotationQueuesPage projectId={projectId} />;
}
