"use client";
import { ClipboardCheck, Columns2, Plus } from "lucide-react";
import { useState } from "react";
import { NameLink, ProjectListPage, UpdatedCell } from "~/components/common/project-list-page";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { Table, TD, TH, THead, TR } from "~/components/ui/table";
import { Tooltip } from "~/components/ui/tooltip";
import { formatInteger } from "~/lib/metrics-format";
import { useTRPC } from "~/trpc/react";
import { NewPairwiseQueueDialog } from "./new-pairwise-queue-dialog";
import { NewQueueDialog } from "./new-queue-dialog";
import { samplingLabel } from "./sampling-label";

export function AnnotationQueuesPage({ projectId }: { projectId: string }) {
  const trpc = useTRPC();
  const [creating, setCreating] = useState(false);
  const [creatingPair, setCreatingPair] = useState(false);
  return (
    <ProjectListPage
      projectId={projectId}
      kind="annotation queues"
      description="Sampled production traces for people to review and label."
      options={trpc.annotations.list.queryOptions({ projectId })}
      newButton={(canEdit) => (
        <Tooltip content={canEdit ? undefined : "Only admins create queues"}>
          {(describedBy) => (
            <div className="flex gap-2">
              <Button
                variant="secondary"
                onClick={() => setCreatingPair(true)}
                disabled={!canEdit}
                aria-describedby={describedBy}
              >
                <Columns2 className="size-4" aria-hidden />
                New pairwise queue
              </Button>
              <Button onClick={() => setCreating(true)} disabled={!canEdit} aria-describedby={describedBy}>
                <Plus className="size-4" aria-hidden />
                New queue
              </Button>
            </div>
          )}
        </Tooltip>
      )}
      empty={{
        icon: ClipboardCheck,
        title: "No annotation queues yet",
        description:
          "A queue samples traces matching a filter (randomly, per stratum, on errors or low scores) for reviewers to label. Labels become scores on the traces.",
      }}
      dialogs={(canEdit) =>
        canEdit && (
          <>
            <NewQueueDialog projectId={projectId} open={creating} onClose={() => setCreating(false)} />
            <NewPairwiseQueueDialog projectId={projectId} open={creatingPair} onClose={() => setCreatingPair(false)} />
          </>
        )
      }
    >
      {(rows) => (
        <Table label="Annotation queues">
          <THead>
            <tr>
              <TH>Name</TH>
              <TH>Sampling</TH>
              <TH className="text-right">Items</TH>
              <TH className="text-right">Done</TH>
              <TH className="text-right">Created</TH>
            </tr>
          </THead>
          <tbody>
            {rows.map((q) => (
              <TR key={q.id} className="hover:bg-slate-50/80">
                <TD className="max-w-72">
                  <NameLink href={`/projects/${projectId}/annotations/${q.id}`} name={q.name} />
                  {q.description && <p className="truncate text-xs text-slate-500">{q.description}</p>}
                </TD>
                <TD>
                  <Badge tone="indigo">{samplingLabel(q)}</Badge>
                </TD>
                <TD className="text-right tabular-nums">{formatInteger(q.items)}</TD>
                <TD className="text-right tabular-nums">{formatInteger(q.done)}</TD>
                <UpdatedCell value={q.createdAt} />
              </TR>
            ))}
          </tbody>
        </Table>
      )}
    </ProjectListPage>
  );
}
