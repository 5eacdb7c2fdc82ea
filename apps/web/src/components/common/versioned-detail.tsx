"use client";
import { useQuery, type QueryKey, type UseQueryOptions } from "@tanstack/react-query";
import { Play, Plus } from "lucide-react";
import { Suspense, useState, type ReactNode } from "react";
import { RelativeTime } from "~/components/common/relative-time";
import { ProjectFrame } from "~/components/projects/project-frame";
import { Button } from "~/components/ui/button";
import { Card } from "~/components/ui/card";
import { PageHeader, type TCrumb } from "~/components/ui/page-header";
import { ErrorPanel, NotFoundPanel } from "~/components/ui/query-state";
import { LoadingRegion, Skeleton } from "~/components/ui/skeleton";
import { cn } from "~/lib/cn";
import { authorName } from "~/lib/datasets";
import { capitalize } from "~/lib/format";
import { hasRole, type Role } from "~/lib/roles";
import { isNotFound } from "~/lib/trpc-errors";
import { useQueryState } from "~/lib/use-query-state";

// A prompt's and a grader's page are built alike: both are a name with immutable versions, a
// version list beside the selected version, tabs, and an editor that saves the next version.

type TPatch = Record<string, string | number | undefined>;

/** What a prompt's or grader's page body gets besides the entity itself. */
export type TVersionedDetail = {
  projectId: string;
  role: Role;
  /** Members and up save versions and run previews. */
  canEdit: boolean;
  /** The page state in the URL (`tab`, `v`…) and its setter (undefined removes a key). */
  params: URLSearchParams;
  go: (patch: TPatch) => void;
  /** True while the new-version editor replaces the tabs. */
  editing: boolean;
  /** Opens the editor, moving the URL state by `patch`. */
  startEditing: (patch: TPatch) => void;
  /** The editor's callbacks: close it, or close it and show the saved version. */
  editor: { onCancel: () => void; onSaved: (saved: { version: number }) => void };
  /** The project's, then the list's and the entity's. */
  crumbs: TCrumb[];
};

export function VersionedDetailSkeleton({ noun }: { noun: string }) {
  return (
    <LoadingRegion label={`Loading ${noun}`} className="space-y-6">
      <Skeleton className="h-8 w-64" />
      <div className="grid gap-4 lg:grid-cols-[16rem_1fr]">
        <Skeleton className="h-72 rounded-xl" />
        <Skeleton className="h-72 rounded-xl" />
      </div>
    </LoadingRegion>
  );
}

/**
 * A prompt's or grader's page: loads it in its project frame (Suspense, because the body reads the
 * URL's query string), shows not-found / error / loading, and keeps the page state.
 */
export function VersionedDetailPage<TData extends { name: string }, TError, TKey extends QueryKey>({
  projectId,
  noun,
  options,
  children,
}: {
  projectId: string;
  /** "prompt", "grader": the not-found title, loading label and the breadcrumb to the list. */
  noun: string;
  options: UseQueryOptions<TData, TError, TData, TKey>;
  children: (data: TData, detail: TVersionedDetail) => ReactNode;
}) {
  return (
    <ProjectFrame projectId={projectId} label={noun}>
      {(p, crumbs) => (
        <Suspense fallback={<VersionedDetailSkeleton noun={noun} />}>
          <DetailBody projectId={projectId} noun={noun} options={options} role={p.role} crumbs={crumbs}>
            {children}
          </DetailBody>
        </Suspense>
      )}
    </ProjectFrame>
  );
}

function DetailBody<TData extends { name: string }, TError, TKey extends QueryKey>({
  projectId,
  noun,
  options,
  role,
  crumbs,
  children,
}: {
  projectId: string;
  noun: string;
  options: UseQueryOptions<TData, TError, TData, TKey>;
  role: Role;
  crumbs: (...rest: TCrumb[]) => TCrumb[];
  children: (data: TData, detail: TVersionedDetail) => ReactNode;
}) {
  const { params, go } = useQueryState("versions");
  const query = useQuery(options);
  const [editing, setEditing] = useState(false);

  if (isNotFound(query.error)) return <NotFoundPanel title={`${capitalize(noun)} not found`} />;
  if (query.isError) return <ErrorPanel error={query.error} onRetry={() => void query.refetch()} />;
  if (query.isPending) return <VersionedDetailSkeleton noun={noun} />;

  return children(query.data, {
    projectId,
    role,
    canEdit: hasRole(role, "MEMBER"),
    params,
    go,
    editing,
    startEditing: (patch) => {
      setEditing(true);
      go(patch);
    },
    editor: {
      onCancel: () => setEditing(false),
      onSaved: ({ version }) => {
        setEditing(false);
        go({ v: version, tab: "versions" });
      },
    },
    crumbs: crumbs(
      { label: `${capitalize(noun)}s`, href: `/projects/${projectId}/${noun}s` },
      { label: query.data.name },
    ),
  });
}

/**
 * The page header: the name, `badges`, "3 versions · updated …", `note`; for members (while not
 * editing) `actions` and "New version", which opens the editor with the URL moved by `newVersion`.
 */
export function VersionedHeader({
  detail,
  name,
  count,
  updated,
  badges,
  note,
  actions,
  newVersion,
}: {
  detail: TVersionedDetail;
  name: string;
  count: number;
  updated: Date | string;
  badges: ReactNode;
  note?: ReactNode;
  actions?: ReactNode;
  newVersion: TPatch;
}) {
  return (
    <PageHeader
      crumbs={detail.crumbs}
      title={<span className="font-mono">{name}</span>}
      description={
        <span className="flex flex-wrap items-center gap-2">
          {badges}
          <span>
            {count} version{count === 1 ? "" : "s"} · updated <RelativeTime value={updated} />
          </span>
          {note}
        </span>
      }
      actions={
        detail.canEdit && !detail.editing ? (
          <>
            {actions}
            <Button onClick={() => detail.startEditing(newVersion)}>
              <Plus className="size-4" aria-hidden />
              New version
            </Button>
          </>
        ) : undefined
      }
    />
  );
}

/** Opens the version in the "Try it" / playground tab. */
export function TryItButton({ onClick }: { onClick: () => void }) {
  return (
    <Button variant="secondary" size="sm" onClick={onClick}>
      <Play className="size-3.5" aria-hidden />
      Try it
    </Button>
  );
}

type TVersionItem = {
  version: number;
  createdAt: Date | string;
  createdBy: { name: string | null; email: string } | null;
};

/**
 * The "Versions" tab: the versions, newest first (the selected one highlighted and `aria-current`;
 * a click selects it), beside `children`, the selected version.
 */
export function VersionsPanel<V extends TVersionItem>({
  versions,
  selected,
  onSelect,
  badges,
  message,
  children,
}: {
  versions: V[];
  selected: number;
  onSelect: (version: number) => void;
  /** Shown after "vN". */
  badges: (v: V) => ReactNode;
  message: (v: V) => ReactNode;
  children: ReactNode;
}) {
  return (
    <div className="grid items-start gap-6 lg:grid-cols-[16rem_minmax(0,1fr)]">
      <Card className="overflow-hidden">
        <ol aria-label="Versions" className="divide-y divide-slate-100">
          {versions.map((v) => (
            <li key={v.version}>
              <button
                type="button"
                onClick={() => onSelect(v.version)}
                aria-current={v.version === selected ? "true" : undefined}
                className={cn(
                  "block w-full px-4 py-2.5 text-left hover:bg-slate-50",
                  v.version === selected && "bg-indigo-50/70 hover:bg-indigo-50",
                )}
              >
                <span className="flex flex-wrap items-center gap-1.5">
                  <span
                    className={cn(
                      "text-sm font-semibold",
                      v.version === selected ? "text-indigo-700" : "text-slate-900",
                    )}
                  >
                    v{v.version}
                  </span>
                  {badges(v)}
                </span>
                <span className="mt-0.5 block truncate text-xs text-slate-600">{message(v)}</span>
                <span className="block text-[11px] text-slate-400">
                  {authorName(v.createdBy)} · <RelativeTime value={v.createdAt} />
                </span>
              </button>
            </li>
          ))}
        </ol>
      </Card>
      {children}
    </div>
  );
}
