"use client";
import { Database, Plus } from "lucide-react";
import { useState } from "react";
import { NameLink, ProjectListPage, UpdatedCell } from "~/components/common/project-list-page";
import { Button } from "~/components/ui/button";
import { Table, TD, TH, THead, TR } from "~/components/ui/table";
import { Tooltip } from "~/components/ui/tooltip";
import { partitionCounts } from "~/lib/datasets";
import { formatInteger } from "~/lib/metrics-format";
import { useTRPC } from "~/trpc/react";
import { CreateDatasetDialog } from "./create-dataset-dialog";
import { PartitionChips } from "./partition-chips";

export function DatasetsPage({ projectId }: { projectId: string }) {
  const trpc = useTRPC();
  const [creating, setCreating] = useState(false);
  return (
    <ProjectListPage
      projectId={projectId}
      kind="datasets"
      description="Versioned test cases for offline evaluation."
      options={trpc.datasets.list.queryOptions({ projectId })}
      newButton={(canEdit) => (
        <Tooltip content={canEdit ? undefined : "Viewers cannot create datasets"}>
          {(describedBy) => (
            <Button onClick={() => setCreating(true)} disabled={!canEdit} aria-describedby={describedBy}>
              <Plus className="size-4" aria-hidden />
              New dataset
            </Button>
          )}
        </Tooltip>
      )}
      empty={{
        icon: Database,
        title: "No datasets yet",
        description:
          "A dataset holds the inputs and expected outputs you evaluate against, split into golden, regression, adversarial and distribution partitions. Import a JSONL or CSV file, or add items from traces.",
      }}
      dialogs={(canEdit) =>
        canEdit && <CreateDatasetDialog projectId={projectId} open={creating} onClose={() => setCreating(false)} />
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
                  <NameLink href={`/projects/${projectId}/datasets/${d.id}`} name={d.name} />
                  {d.description && <p className="truncate text-xs text-slate-500">{d.description}</p>}
                </TD>
                <TD>
                  <PartitionChips counts={partitionCounts(d.partitionCounts)} />
                </TD>
                <TD className="text-right tabular-nums">{formatInteger(d.itemCount)}</TD>
                <TD className="text-right whitespace-nowrap tabular-nums">
                  {d.latestVersion > 0 ? `v${d.latestVersion}` : <span className="text-slate-400">none</span>}
                </TD>
                <UpdatedCell value={d.latest?.createdAt ?? d.updatedAt} />
              </TR>
            ))}
          </tbody>
        </Table>
      )}
    </ProjectListPage>
  );
}
