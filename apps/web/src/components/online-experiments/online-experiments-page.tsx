"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { Shuffle } from "lucide-react";
import { NewLink } from "~/components/common/project-list-page";
import { RelativeTime } from "~/components/common/relative-time";
import { ProjectFrame } from "~/components/projects/project-frame";
import { Card, CardHeader } from "~/components/ui/card";
import { EmptyState } from "~/components/ui/empty-state";
import { PageHeader } from "~/components/ui/page-header";
import { ErrorPanel } from "~/components/ui/query-state";
import { TableSkeleton } from "~/components/ui/skeleton";
import { Table, TD, TH, THead, TR } from "~/components/ui/table";
import { hasRole } from "~/lib/roles";
import { useTRPC } from "~/trpc/react";
import { MODE_LABEL, OnlineStatusBadge, metricName } from "./format";

function ListCard({ projectId, canEdit }: { projectId: string; canEdit: boolean }) {
  const trpc = useTRPC();
  const list = useQuery({ ...trpc.onlineExperiments.list.queryOptions({ projectId }), refetchInterval: 15_000 });
  const newButton = canEdit ? (
    <NewLink href={`/projects/${projectId}/online-experiments/new`}>New online experiment</NewLink>
  ) : undefined;
  const rows = list.data;
  return (
    <Card className="overflow-hidden" aria-labelledby="online-title">
      <CardHeader
        id="online-title"
        title="Online experiments"
        description="Variants served to live traffic by Yardstick, measured on your traces, feedback and scores."
        actions={rows && rows.length > 0 ? newButton : undefined}
      />
      {list.isPending && <TableSkeleton label="Loading online experiments" />}
      {list.isError && (
        <div className="p-5">
          <ErrorPanel error={list.error} onRetry={() => void list.refetch()} />
        </div>
      )}
      {rows?.length === 0 && (
        <EmptyState
          icon={Shuffle}
          title="No online experiments yet"
          description="Serve two prompt versions to real users (sticky per user), or let a bandit move traffic to the better one, and read a peek-safe verdict on thumbs-up rate, scores, cost or latency."
          action={newButton}
        />
      )}
      {rows && rows.length > 0 && (
        <Table label="Online experiments">
          <THead>
            <tr>
              <TH>Experiment</TH>
              <TH>Mode</TH>
              <TH>Variants</TH>
              <TH>Primary metric</TH>
              <TH>Status</TH>
              <TH className="text-right">Exposures</TH>
              <TH className="text-right">Started</TH>
            </tr>
          </THead>
          <tbody>
            {rows.map((e) => (
              <TR key={e.id} className="hover:bg-slate-50/80">
                <TD className="max-w-72">
                  <Link
                    href={`/projects/${projectId}/online-experiments/${e.id}`}
                    className="block truncate font-medium text-slate-900 hover:text-indigo-700"
                  >
                    {e.name}
                  </Link>
                  <p className="font-mono text-xs text-slate-500">{e.key}</p>
                </TD>
                <TD className="text-xs whitespace-nowrap text-slate-600">{MODE_LABEL[e.mode]}</TD>
                <TD className="text-xs text-slate-600">{e.variants.map((v) => v.key).join(" · ")}</TD>
                <TD className="text-xs text-slate-600">{metricName(e.primaryMetric)}</TD>
                <TD>
                  <OnlineStatusBadge status={e.status} shipped={e.shippedVariantKey} />
                </TD>
                <TD className="text-right tabular-nums">{e.exposures.toLocaleString()}</TD>
                <TD className="text-right text-xs whitespace-nowrap text-slate-500">
                  {e.startedAt ? <RelativeTime value={e.startedAt} /> : "not yet"}
                </TD>
              </TR>
            ))}
          </tbody>
        </Table>
      )}
    </Card>
  );
}

export function OnlineExperimentsPage({ projectId }: { projectId: string }) {
  return (
    <ProjectFrame projectId={projectId} label="online experiments">
      {(p, crumbs) => (
        <>
          <PageHeader
            crumbs={crumbs({ label: "Online experiments" })}
            title="Online experiments"
            description="A/B tests, bandits and interleaving over prompt variants, served by Yardstick to your application."
          />
          <ListCard projectId={projectId} canEdit={hasRole(p.role, "MEMBER")} />
        </>
      )}
    </ProjectFrame>
  );
}
