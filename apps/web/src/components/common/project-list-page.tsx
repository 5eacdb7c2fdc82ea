"use client";
import { useQuery, type QueryKey, type UseQueryOptions } from "@tanstack/react-query";
import Link from "next/link";
import { Plus, type LucideIcon } from "lucide-react";
import type { ReactNode } from "react";
import { RelativeTime } from "~/components/common/relative-time";
import { ProjectFrame } from "~/components/projects/project-frame";
import { LinkButton } from "~/components/ui/button";
import { EmptyState } from "~/components/ui/empty-state";
import { ListCard } from "~/components/ui/list-card";
import { PageHeader, type TCrumb } from "~/components/ui/page-header";
import { TD } from "~/components/ui/table";
import { cn } from "~/lib/cn";
import { capitalize } from "~/lib/format";
import { hasRole } from "~/lib/roles";

type TListPage<TRow, TError, TKey extends QueryKey> = {
  projectId: string;
  /** "datasets", "prompts", "graders": the page title, breadcrumb and loading label. */
  kind: string;
  description: string;
  /** The list query, e.g. `trpc.prompts.list.queryOptions({ projectId })`. */
  options: UseQueryOptions<TRow[], TError, TRow[], TKey>;
  /**
   * The create action for a viewer (`canEdit` false) or a member, or undefined for none; shown in
   * the header once there are rows, else in the empty state.
   */
  newButton: (canEdit: boolean) => ReactNode;
  empty: { icon: LucideIcon; title: string; description: string };
  /** Dialogs the create action opens. */
  dialogs?: (canEdit: boolean) => ReactNode;
  /** The table of rows, once there are some. */
  children: (rows: TRow[]) => ReactNode;
};

/** A project's list of datasets, prompts or graders: header, create action, loading/error/empty states, table. */
export function ProjectListPage<TRow, TError, TKey extends QueryKey>(props: TListPage<TRow, TError, TKey>) {
  return (
    <ProjectFrame projectId={props.projectId} label={props.kind}>
      {(p, crumbs) => (
        <ListBody {...props} canEdit={hasRole(p.role, "MEMBER")} crumbs={crumbs({ label: capitalize(props.kind) })} />
      )}
    </ProjectFrame>
  );
}

function ListBody<TRow, TError, TKey extends QueryKey>({
  kind,
  description,
  options,
  newButton,
  empty,
  dialogs,
  children,
  canEdit,
  crumbs,
}: TListPage<TRow, TError, TKey> & { canEdit: boolean; crumbs: TCrumb[] }) {
  const list = useQuery(options);
  const button = newButton(canEdit);
  const rows = list.data;
  return (
    <>
      <PageHeader
        crumbs={crumbs}
        title={capitalize(kind)}
        description={description}
        actions={rows && rows.length > 0 ? button : undefined}
      />
      <ListCard
        query={list}
        loadingLabel={`Loading ${kind}`}
        empty={<EmptyState icon={empty.icon} title={empty.title} description={empty.description} action={button} />}
      >
        {children}
      </ListCard>
      {dialogs?.(canEdit)}
    </>
  );
}

/** "New prompt": a link to the create page. */
export function NewLink({ href, children }: { href: string; children: ReactNode }) {
  return (
    <LinkButton href={href}>
      <Plus className="size-4" aria-hidden />
      {children}
    </LinkButton>
  );
}

/** A row's name, linking to its page. */
export function NameLink({ href, name, mono }: { href: string; name: string; mono?: boolean }) {
  return (
    <Link
      href={href}
      className={cn("block truncate", mono && "font-mono", "font-medium text-slate-900 hover:text-indigo-700")}
    >
      {name}
    </Link>
  );
}

/** When a row last changed: "5 minutes ago", right-aligned. */
export function UpdatedCell({ value }: { value: Date | string }) {
  return (
    <TD className="text-right text-xs whitespace-nowrap text-slate-500">
      <RelativeTime value={value} />
    </TD>
  );
}
