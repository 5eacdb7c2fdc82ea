"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { FileText, Plus } from "lucide-react";
import { EmptyState } from "~/components/ui/empty-state";
import { ListCard } from "~/components/ui/list-card";
import { LinkButton } from "~/components/ui/button";
import { PageHeader, type TCrumb } from "~/components/ui/page-header";
import { Table, TD, TH, THead, TR } from "~/components/ui/table";
import { ProjectFrame } from "~/components/projects/project-frame";
import { RelativeTime } from "~/components/common/relative-time";
import { hasRole, type Role } from "~/lib/roles";
import { useTRPC } from "~/trpc/react";
import { LabelBadge } from "./label-badges";

function PromptsBody({ projectId, role, crumbs }: { projectId: string; role: Role; crumbs: TCrumb[] }) {
  const trpc = useTRPC();
  const list = useQuery(trpc.prompts.list.queryOptions({ projectId }));
  const canEdit = hasRole(role, "MEMBER");
  const newButton = canEdit ? (
    <LinkButton href={`/projects/${projectId}/prompts/new`}>
      <Plus className="size-4" aria-hidden />
      New prompt
    </LinkButton>
  ) : undefined;
  const rows = list.data;
  return (
    <>
      <PageHeader
        crumbs={crumbs}
        title="Prompts"
        description="Versioned prompts with labels your application fetches by name."
        actions={rows && rows.length > 0 ? newButton : undefined}
      />
      <ListCard
        query={list}
        loadingLabel="Loading prompts"
        empty={
          <EmptyState
            icon={FileText}
            title="No prompts yet"
            description="Write a prompt with {{variables}}, save immutable versions, try them in the playground, and point the production label at the one your app should use."
            action={newButton}
          />
        }
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
                    <Link
                      href={`/projects/${projectId}/prompts/${p.id}`}
                      className="block truncate font-mono font-medium text-slate-900 hover:text-indigo-700"
                    >
                      {p.name}
                    </Link>
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
                  <TD className="text-right text-xs whitespace-nowrap text-slate-500">
                    <RelativeTime value={p.latest?.createdAt ?? p.updatedAt} />
                  </TD>
                </TR>
              ))}
            </tbody>
          </Table>
        )}
      </ListCard>
    </>
  );
}

export function PromptsPage({ projectId }: { projectId: string }) {
  return (
    <ProjectFrame projectId={projectId} label="prompts">
      {(p, crumbs) => <PromptsBody projectId={projectId} role={p.role} crumbs={crumbs({ label: "Prompts" })} />}
    </ProjectFrame>
  );
}
