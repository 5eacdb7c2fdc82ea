"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { Database, Plus } from "lucide-react";
import { useState } from "react";
import { Button } from "~/components/ui/button";
import { EmptyState } from "~/components/ui/empty-state";
import { ListCard } from "~/components/ui/list-card";
import { PageHeader, type TCrumb } from "~/components/ui/page-header";
import { Table, TD, TH, THead, TR } from "~/components/ui/table";
import { Tooltip } from "~/components/ui/tooltip";
import { ProjectFrame } from "~/components/projects/project-frame";
import { RelativeTime } from "~/components/common/relative-time";
import { partitionCounts } from "~/lib/datasets";
import { formatInteger } from "~/lib/metrics-format";
import { hasRole, type Role } from "~/lib/roles";
import { useTRPC } from "~/trpc/react";
import { CreateDatasetDialog } from "./create-dataset-dialog";
import { PartitionChips } from "./partition-chips";

function DatasetsBody({ projectId, role, crumbs }: { projectId: string; role: Role; crumbs: TCrumb[] }) {
  const trpc = useTRPC();
  const list = useQuery(trpc.datasets.list.queryOptions({ projectId }));
  const [creating, setCreating] = useState(false);
  const canEdit = hasRole(role, "MEMBER");
  const newButton = (
    <Tooltip content={canEdit ? undefined : "Viewers cannot create datasets"}>
      {(describedBy) => (
        <Button onClick={() => setCreating(true)} disabled={!canEdit} aria-describedby={describedBy}>
          <Plus className="size-4" aria-hidden />
          New dataset
        </Button>
      )}
    </Tooltip>
  );
  const rows = list.data;
  return (
    <>
      <PageHeader
        crumbs={crumbs}
        title="Datasets"
        description="Versioned test cases for offline evaluation."
        actions={rows && rows.length > 0 ? newButton : undefined}
      />
      <ListCard
        query={list}
        loadingLabel="Loading datasets"
        empty={
          <EmptyState
            icon={Database}
            title="No datasets yet"
            description="A dataset holds the inputs and expected outputs you evaluate against, split into golden, regression, adversarial and distribution partitions. Import a JSONL or CSV file, or add items from traces."
            action={newButton}
          />
        }
      >
        {(rows) => (
          <Table label="Datasets">
            <THead>
              <tr>
                <TH>Name</TH>
                <TH>Partitions</TH>
                <TH className="text-right">Items</TH>
                <TH className="text-right">Version</TH>
                <TH className="text-right">Updated</TH>
              </tr>
            </THead>
            <tbody>
              {rows.map((d) => (
                <TR key={d.id} className="hover:bg-slate-50/80">
                  <TD className="max-w-72">
                    <Link
                      href={`/projects/${projectId}/datasets/${d.id}`}
                      className="block truncate font-medium text-slate-900 hover:text-indigo-700"
                    >
                      {d.name}
                    </Link>
                    {d.description && <p className="truncate text-xs text-slate-500">{d.description}</p>}
                  </TD>
                  <TD>
                    <PartitionChips counts={partitionCounts(d.partitionCounts)} />
                  </TD>
                  <TD className="text-right tabular-nums">{formatInteger(d.itemCount)}</TD>
                  <TD className="text-right whitespace-nowrap tabular-nums">
                    {d.latestVersion > 0 ? `v${d.latestVersion}` : <span className="text-slate-400">none</span>}
                  </TD>
                  <TD className="text-right text-xs whitespace-nowrap text-slate-500">
                    <RelativeTime value={d.latest?.createdAt ?? d.updatedAt} />
                  </TD>
                </TR>
              ))}
            </tbody>
          </Table>
        )}
      </ListCard>
      {canEdit && <CreateDatasetDialog projectId={projectId} open={creating} onClose={() => setCreating(false)} />}
    </>
  );
}

export function DatasetsPage({ projectId }: { projectId: string }) {
  return (
    <ProjectFrame projectId={projectId} label="datasets">
      {(p, crumbs) => <DatasetsBody projectId={projectId} role={p.role} crumbs={crumbs({ label: "Datasets" })} />}
    </ProjectFrame>
  );
}
