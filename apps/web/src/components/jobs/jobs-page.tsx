"use client";
import { useMutation, useQuery } from "@tanstack/react-query";
import { Send, Workflow } from "lucide-react";
import { Button } from "~/components/ui/button";
import { Card, CardHeader } from "~/components/ui/card";
import { EmptyState } from "~/components/ui/empty-state";
import { PageHeader } from "~/components/ui/page-header";
import { ErrorPanel } from "~/components/ui/query-state";
import { TableSkeleton } from "~/components/ui/skeleton";
import { useToast } from "~/components/ui/toast";
import { ProjectFrame } from "~/components/projects/project-frame";
import { hasRole } from "~/lib/roles";
import { friendlyMessage } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";
import { JobRunsTable, type TJobRun } from "./job-runs-table";

function groupByFunction(runs: TJobRun[]): [string, TJobRun[]][] {
  const groups = new Map<string, TJobRun[]>();
  for (const r of runs) groups.set(r.functionId, [...(groups.get(r.functionId) ?? []), r]);
  return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b));
}

function JobsBody({ projectId, canPing }: { projectId: string; canPing: boolean }) {
  const trpc = useTRPC();
  const toast = useToast();
  // Runs move on in the background: poll while any is unfinished.
  const runs = useQuery({
    ...trpc.jobs.listRuns.queryOptions({ projectId }),
    refetchInterval: (q) =>
      q.state.data?.some((r) => ["queued", "running", "sleeping"].includes(r.status)) ? 1_000 : 10_000,
  });
  const ping = useMutation(
    trpc.jobs.ping.mutationOptions({
      onSuccess: () => {
        toast.success("Ping job sent");
        void runs.refetch();
      },
      onError: (err) => toast.error(friendlyMessage(err)),
    }),
  );
  const pingButton = canPing && (
    <Button variant="secondary" size="sm" loading={ping.isPending} onClick={() => ping.mutate({ projectId })}>
      <Send className="size-3.5" aria-hidden />
      Send a ping job
    </Button>
  );

  if (runs.isPending) return <TableSkeleton rows={4} label="Loading job runs" />;
  if (runs.isError) return <ErrorPanel error={runs.error} onRetry={() => void runs.refetch()} />;
  if (!runs.data.length) {
    return (
      <Card>
        <EmptyState
          icon={Workflow}
          title="No job runs yet"
          description="Background work of this project (experiment runs, calibration, scheduled reports) is listed here as it runs."
          action={pingButton}
        />
      </Card>
    );
  }
  return (
    <div className="space-y-6">
      {pingButton && <div className="flex justify-end">{pingButton}</div>}
      {groupByFunction(runs.data).map(([functionId, fnRuns]) => (
        <Card key={functionId} aria-labelledby={`fn-${functionId}`}>
          <CardHeader
            id={`fn-${functionId}`}
            title={functionId}
            description={`${fnRuns.length} recent run${fnRuns.length === 1 ? "" : "s"}`}
          />
          <JobRunsTable functionId={functionId} runs={fnRuns} />
        </Card>
      ))}
    </div>
  );
}

export function JobsPage({ projectId }: { projectId: string }) {
  return (
    <ProjectFrame projectId={projectId} label="jobs">
      {(p, crumbs) => (
        <>
          <PageHeader
            crumbs={crumbs({ label: "Jobs" })}
            title="Jobs"
            description="Recent background job runs of this project: status, attempts, duration and errors."
          />
          <JobsBody projectId={projectId} canPing={hasRole(p.role, "MEMBER")} />
        </>
      )}
    </ProjectFrame>
  );
}
