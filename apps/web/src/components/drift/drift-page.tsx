"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Activity, Play } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { ProjectFrame } from "~/components/projects/project-frame";
import { RelativeTime } from "~/components/common/relative-time";
import { Button } from "~/components/ui/button";
import { Card, CardHeader } from "~/components/ui/card";
import { EmptyState } from "~/components/ui/empty-state";
import { PageHeader } from "~/components/ui/page-header";
import { ErrorPanel } from "~/components/ui/query-state";
import { TableSkeleton } from "~/components/ui/skeleton";
import { Table, TD, TH, THead, TR } from "~/components/ui/table";
import { useToast } from "~/components/ui/toast";
import { hasRole } from "~/lib/roles";
import { friendlyMessage } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";
import { AnchorsCard } from "./anchors-card";
import { DriftSettingsCard } from "./settings-card";
import { StatusBadge } from "./severity";

export function DriftPage({ projectId }: { projectId: string }) {
  return (
    <ProjectFrame projectId={projectId} label="drift">
      {(p, crumbs) => (
        <DriftBody projectId={projectId} canEdit={hasRole(p.role, "MEMBER")} crumbs={crumbs({ label: "Drift" })} />
      )}
    </ProjectFrame>
  );
}

const fmtWindow = (from: Date, to: Date) =>
  `${from.toISOString().slice(0, 16).replace("T", " ")} – ${to.toISOString().slice(0, 16).replace("T", " ")} UTC`;

function DriftBody({
  projectId,
  canEdit,
  crumbs,
}: {
  projectId: string;
  canEdit: boolean;
  crumbs: Array<{ label: string; href?: string }>;
}) {
  const trpc = useTRPC();
  const toast = useToast();
  const router = useRouter();
  const qc = useQueryClient();
  const list = useQuery({
    ...trpc.drift.list.queryOptions({ projectId }),
    refetchInterval: (q) => (q.state.data?.some((r) => r.status === "running") ? 1500 : false),
  });
  const run = useMutation(
    trpc.drift.runNow.mutationOptions({
      onSuccess: async (r) => {
        await qc.invalidateQueries({ queryKey: trpc.drift.list.queryKey({ projectId }) });
        toast.success("Drift report started");
        router.push(`/projects/${projectId}/drift/${r.id}`);
      },
      onError: (e) => toast.error(friendlyMessage(e)),
    }),
  );
  const reports = list.data ?? [];
  return (
    <>
      <PageHeader
        title="Drift"
        crumbs={crumbs}
        description="Did quality, inputs or the judge move? Each report compares a window of production traffic with a reference window."
        actions={
          canEdit && (
            <Button onClick={() => run.mutate({ projectId })} disabled={run.isPending}>
              <Play className="size-4" aria-hidden /> {run.isPending ? "Starting…" : "Run now"}
            </Button>
          )
        }
      />
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="lg:col-span-2">
          <Card aria-labelledby="reports-heading">
            <CardHeader id="reports-heading" title="Reports" description="Scheduled and on demand; the newest first." />
            {list.isPending ? (
              <TableSkeleton rows={4} label="Loading reports" />
            ) : list.isError ? (
              <ErrorPanel error={list.error} onRetry={() => list.refetch()} />
            ) : reports.length === 0 ? (
              <EmptyState
                icon={Activity}
                title="No drift reports yet"
                description="Run one now, or save the settings to run them on a schedule."
              />
            ) : (
              <Table label="Drift reports">
                <THead>
                  <TR>
                    <TH>Started</TH>
                    <TH>Window</TH>
                    <TH>Status</TH>
                    <TH>Findings</TH>
                    <TH>Judge</TH>
                  </TR>
                </THead>
                <tbody>
                  {reports.map((r) => (
                    <TR key={r.id}>
                      <TD>
                        <Link
                          className="font-medium text-indigo-700 hover:underline"
                          href={`/projects/${projectId}/drift/${r.id}`}
                        >
                          <RelativeTime value={r.createdAt} />
                        </Link>
                        <div className="text-xs text-slate-500">
                          {r.trigger === "schedule" ? "scheduled" : "run now"}
                        </div>
                      </TD>
                      <TD className="text-xs text-slate-600">
                        {fmtWindow(new Date(r.windowFrom), new Date(r.windowTo))}
                      </TD>
                      <TD>
                        <StatusBadge status={r.status} />
                      </TD>
                      <TD>
                        {r.status === "completed" ? (
                          <span className={r.flaggedCount ? "font-medium text-red-700" : "text-slate-600"}>
                            {r.flaggedCount} flagged / {r.findingCount}
                          </span>
                        ) : (
                          "–"
                        )}
                      </TD>
                      <TD>
                        {r.judgeChanged ? <span className="font-medium text-amber-700">judge changed</span> : "–"}
                      </TD>
                    </TR>
                  ))}
                </tbody>
              </Table>
            )}
          </Card>
        </div>
        <div className="space-y-6">
          <DriftSettingsCard projectId={projectId} canEdit={canEdit} />
          <AnchorsCard projectId={projectId} canEdit={canEdit} />
        </div>
      </div>
    </>
  );
}
