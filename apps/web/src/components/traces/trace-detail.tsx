"use client";
import { useQuery } from "@tanstack/react-query";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { Suspense } from "react";
import { Card } from "~/components/ui/card";
import { PageHeader } from "~/components/ui/page-header";
import { ErrorPanel, NotFoundPanel } from "~/components/ui/query-state";
import { LoadingRegion, Skeleton } from "~/components/ui/skeleton";
import type { TTraceDetail } from "~/lib/trace-types";
import { isNotFound } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";
import { FeedbackPanel } from "./feedback-panel";
import { ObservationPanel } from "./observation-panel";
import { ProjectFrame } from "~/components/projects/project-frame";
import { ScoresPanel } from "./scores-panel";
import { SpanTree } from "./span-tree";
import { TraceMeta } from "./trace-header";
import { AddToDatasetButton } from "./add-to-dataset-dialog";

function TraceSkeleton() {
  return (
    <LoadingRegion label="Loading trace" className="space-y-6">
      <Skeleton className="h-8 w-64" />
      <div className="grid grid-cols-4 gap-3">
        {[0, 1, 2, 3].map((i) => (
          <Skeleton key={i} className="h-16 rounded-xl" />
        ))}
      </div>
      <div className="grid gap-4 lg:grid-cols-2">
        <Skeleton className="h-80 rounded-xl" />
        <Skeleton className="h-80 rounded-xl" />
      </div>
    </LoadingRegion>
  );
}

function TraceBody({
  projectId,
  traceId,
  crumbs,
}: {
  projectId: string;
  traceId: string;
  crumbs: Parameters<typeof PageHeader>[0]["crumbs"];
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const selected = useSearchParams().get("observation");
  const query = useQuery(trpc.traces.get.queryOptions({ projectId, traceId }));

  if (isNotFound(query.error)) {
    return (
      <NotFoundPanel title="Trace not found" back={{ href: `/projects/${projectId}/traces`, label: "Back to traces" }}>
        No trace with the id “{traceId}” in this project. It may still be on its way, or the id is wrong.
      </NotFoundPanel>
    );
  }
  if (query.isError) return <ErrorPanel error={query.error} onRetry={() => void query.refetch()} />;
  if (query.isPending) return <TraceSkeleton />;

  const trace = query.data as unknown as TTraceDetail;
  const obs = trace.observations.find((o) => o.id === selected) ?? null;
  const select = (id: string | null) =>
    router.replace(id ? `${pathname}?observation=${encodeURIComponent(id)}` : pathname, { scroll: false });

  return (
    <>
      <PageHeader
        crumbs={crumbs}
        title={trace.name ?? "Unnamed trace"}
        actions={<AddToDatasetButton projectId={projectId} traceId={trace.id} observationId={obs?.id} />}
      />
      <div className="-mt-4 mb-6">
        <TraceMeta projectId={projectId} trace={trace} />
      </div>
      <div className="mb-6 grid items-start gap-4 lg:grid-cols-[minmax(0,5fr)_minmax(0,6fr)]">
        <Card className="overflow-hidden lg:sticky lg:top-4">
          <SpanTree trace={trace} selected={obs?.id ?? null} onSelect={select} />
        </Card>
        <Card className="min-w-0">
          <ObservationPanel key={obs?.id ?? "trace"} trace={trace} obs={obs} />
        </Card>
      </div>
      <div className="grid items-start gap-4 lg:grid-cols-2">
        <ScoresPanel scores={trace.scores} observations={trace.observations} onSelect={select} />
        <FeedbackPanel feedback={trace.feedback} />
      </div>
    </>
  );
}

export function TraceDetail({ projectId, traceId }: { projectId: string; traceId: string }) {
  return (
    <ProjectFrame projectId={projectId} label="trace">
      {(_p, crumbs) => (
        <Suspense fallback={<TraceSkeleton />}>
          <TraceBody
            projectId={projectId}
            traceId={traceId}
            crumbs={crumbs(
              { label: "Traces", href: `/projects/${projectId}/traces` },
              { label: traceId.length > 16 ? `${traceId.slice(0, 16)}…` : traceId },
            )}
          />
        </Suspense>
      )}
    </ProjectFrame>
  );
}
