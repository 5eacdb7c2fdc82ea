"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { RefreshCw } from "lucide-react";
import { useState } from "react";
import { ProjectFrame } from "~/components/projects/project-frame";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { PageHeader } from "~/components/ui/page-header";
import { ErrorPanel, NotFoundPanel } from "~/components/ui/query-state";
import { Skeleton } from "~/components/ui/skeleton";
import { Tabs } from "~/components/ui/tabs";
import { useToast } from "~/components/ui/toast";
import { hasRole } from "~/lib/roles";
import { friendlyMessage, isNotFound } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";
import { LabelPanel } from "./label-panel";
import { PairwisePanel } from "./pairwise-panel";
import { AgreementTab, PatternsTab, PreferenceTab, ProgressTab } from "./report-tabs";
import { samplingLabel } from "./sampling-label";

type TTab = "label" | "preference" | "progress" | "patterns" | "agreement";

export function AnnotationQueuePage({ projectId, queueId }: { projectId: string; queueId: string }) {
  return (
    <ProjectFrame projectId={projectId} label="annotation queue">
      {(p, crumbs) => (
        <QueueBody
          projectId={projectId}
          queueId={queueId}
          canLabel={hasRole(p.role, "MEMBER")}
          canAdmin={hasRole(p.role, "ADMIN")}
          crumbs={crumbs({ label: "Annotation queues", href: `/projects/${projectId}/annotations` })}
        />
      )}
    </ProjectFrame>
  );
}

function QueueBody({
  projectId,
  queueId,
  canLabel,
  canAdmin,
  crumbs,
}: {
  projectId: string;
  queueId: string;
  canLabel: boolean;
  canAdmin: boolean;
  crumbs: Array<{ label: string; href?: string }>;
}) {
  const trpc = useTRPC();
  const toast = useToast();
  const queryClient = useQueryClient();
  const [tab, setTab] = useState<TTab>(canLabel ? "label" : "progress");
  const queue = useQuery(trpc.annotations.get.queryOptions({ projectId, queueId }));
  const fill = useMutation(
    trpc.annotations.fill.mutationOptions({
      onSuccess: async (r) => {
        await queryClient.invalidateQueries({ queryKey: trpc.annotations.pathKey() });
        const unit = queue.data?.kind === "pairwise" ? "pair" : "trace";
        toast.success(
          `${r.added} ${unit}${r.added === 1 ? "" : "s"} added (${r.considered} considered)${r.capped ? " — daily cap reached" : ""}`,
        );
      },
      onError: (e) => toast.error(friendlyMessage(e)),
    }),
  );
  if (isNotFound(queue.error)) return <NotFoundPanel title="Annotation queue not found" />;
  if (queue.isError) return <ErrorPanel error={queue.error} onRetry={() => void queue.refetch()} />;
  if (!queue.data) return <Skeleton className="h-40 w-full rounded-xl" />;
  const q = queue.data;
  return (
    <>
      <PageHeader
        crumbs={[...crumbs, { label: q.name }]}
        title={q.name}
        description={
          <span className="inline-flex flex-wrap items-center gap-2">
            <Badge tone="indigo">{samplingLabel(q)}</Badge>
            <span>
              {q.done} of {q.items} item{q.items === 1 ? "" : "s"} done · {q.reviewersPerItem} reviewer
              {q.reviewersPerItem === 1 ? "" : "s"} per item · filled every 5 minutes
            </span>
          </span>
        }
        actions={
          canLabel ? (
            <Button variant="secondary" loading={fill.isPending} onClick={() => fill.mutate({ projectId, queueId })}>
              <RefreshCw className="size-4" aria-hidden />
              Fill now
            </Button>
          ) : undefined
        }
      />
      <Tabs
        label="Queue views"
        value={tab}
        onChange={setTab}
        tabs={[
          ...(canLabel ? [{ id: "label" as const, label: q.kind === "pairwise" ? "Compare" : "Label" }] : []),
          ...(q.kind === "pairwise" ? [{ id: "preference" as const, label: "Preference" }] : []),
          { id: "progress", label: "Progress" },
          { id: "patterns", label: "Patterns" },
          { id: "agreement", label: "Agreement" },
        ]}
      >
        <div className="mt-5">
          {tab === "label" &&
            (q.kind === "pairwise" ? (
              <PairwisePanel projectId={projectId} queue={q} />
            ) : (
              <LabelPanel projectId={projectId} queue={q} />
            ))}
          {tab === "preference" && <PreferenceTab projectId={projectId} queueId={queueId} />}
          {tab === "progress" && <ProgressTab projectId={projectId} queueId={queueId} canAdmin={canAdmin} />}
          {tab === "patterns" && <PatternsTab projectId={projectId} queueId={queueId} />}
          {tab === "agreement" && <AgreementTab projectId={projectId} queueId={queueId} />}
        </div>
      </Tabs>
    </>
  );
}
