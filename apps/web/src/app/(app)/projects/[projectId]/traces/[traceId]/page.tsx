import { TraceDetail } from "~/components/traces/trace-detail";

export const metadata = { title: "Trace" };

export default async function TracePage({ params }: { params: Promise<{ projectId: string; traceId: string }> }) {
  const { projectId, traceId } = await params;
  return <TraceDetail projectId={projectId} traceId={decodeURIComponent(traceId)} />;
}
