"use client";
import { FileText } from "lucide-react";
import { NameLink, NewLink, ProjectListPage, UpdatedCell } from "~/components/common/project-list-page";
import { Table, TD, TH, THead, TR } from "~/components/ui/table";
import { useTRPC } from "~/trpc/react";
import { LabelBadge } from "./label-badges";

export function PromptsPage({ projectId }: { projectId: string }) {
  const trpc = useTRPC();
  return (
    <ProjectListPage
      projectId={projectId}
      kind="prompts"
      description="Versioned prompts with labels your application fetches by name."
      options={trpc.prompts.list.queryOptions({ projectId })}
      newButton={(canEdit) =>
        canEdit ? <NewLink href={`/projects/${projectId}/prompts/new`}>New prompt</NewLink> : undefined
      }
      empty={{
        icon: FileText,
        title: "No prompts yet",
        description:
          "Write a prompt with {{variables}}, save immutable versions, try them in the playground, and point the production label at the one your app should use.",
      }}
    >
      {(rows) => (
        <Table label="Prompts">
          <THead>
            <tr>
              <TH>Name</TH>
              <TH className="text-right">Latest</TH>
              <TH>Labels</TH>
              <TH>Model</TH>
              <TH className="text-right">Updated</TH>
            </tr>
          </THead>
          <tbody>
            {rows.map((p) => (
              <TR key={p.id} className="hover:bg-slate-50/80">
                <TD className="max-w-80">
                  <NameLink href={`/projects/${projectId}/prompts/${p.id}`} name={p.name} mono />
                  {p.latest?.commitMessage && (
                    <p className="truncate text-xs text-slate-500">{p.latest.commitMessage}</p>
                  )}
                </TD>
                <TD className="text-right tabular-nums">v{p.latestVersion}</TD>
                <TD>
                  <div className="flex flex-wrap gap-1">
                    {p.labels.length === 0 && <span className="text-slate-300">—</span>}
                    {p.labels.map((l) => (
                      <LabelBadge key={l.name} name={l.name} version={l.version} locked={p.protectedProduction} />
                    ))}
                  </div>
                </TD>
                <TD className="font-mono text-xs text-slate-600">{p.latest?.model ?? "—"}</TD>
                <UpdatedCell value={p.latest?.createdAt ?? p.updatedAt} />
              </TR>
            ))}
          </tbody>
        </Table>
      )}
    </ProjectListPage>
  );
}
