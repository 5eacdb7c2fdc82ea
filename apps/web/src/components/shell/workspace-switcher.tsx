"use client";
import Link from "next/link";
import { Check, ChevronsUpDown, LayoutGrid, Plus } from "lucide-react";
import { Popover } from "~/components/ui/popover";
import { Skeleton } from "~/components/ui/skeleton";
import { cn } from "~/lib/cn";
import { ROLE_LABEL } from "~/lib/roles";
import { useWorkspace } from "./use-workspace";

export function OrgAvatar({ name, className }: { name: string; className?: string }) {
  return (
    <span
      aria-hidden
      className={cn(
        "flex size-7 shrink-0 items-center justify-center rounded-md bg-slate-900 text-xs font-semibold text-white uppercase",
        className,
      )}
    >
      {name.trim().charAt(0) || "?"}
    </span>
  );
}

export function WorkspaceSwitcher() {
  const { orgs, org, project } = useWorkspace();

  const trigger = (
    <span className="flex items-center gap-2.5 rounded-lg border border-slate-200 bg-white px-2.5 py-2 shadow-xs hover:border-slate-300 hover:bg-slate-50">
      {org ? <OrgAvatar name={org.name} /> : <LayoutGrid className="size-7 p-1 text-slate-400" aria-hidden />}
      <span className="min-w-0 flex-1">
        <span className="block truncate text-sm font-medium text-slate-900">
          {orgs.isPending ? <Skeleton className="h-4 w-24" /> : (org?.name ?? "Select organization")}
        </span>
        {project && <span className="block truncate text-xs text-slate-500">{project.name}</span>}
      </span>
      <ChevronsUpDown className="size-4 shrink-0 text-slate-400" aria-hidden />
    </span>
  );

  return (
    <Popover label="Switch organization or project" trigger={trigger} panelClassName="left-0 w-72">
      {(close) => (
        <div>
          <div className="max-h-80 overflow-y-auto py-1.5">
            {orgs.isPending && (
              <div role="status" aria-label="Loading organizations" className="space-y-2 px-3 py-2">
                <Skeleton className="h-4 w-40" />
                <Skeleton className="ml-5 h-4 w-28" />
              </div>
            )}
            {orgs.isError && <p className="px-3 py-2 text-sm text-red-600">Couldn&apos;t load organizations.</p>}
            {orgs.data?.length === 0 && <p className="px-3 py-2 text-sm text-slate-500">No organizations yet.</p>}
            {orgs.data?.map((o) => (
              <div key={o.id} className="px-1.5 py-1">
                <Link
                  href={`/orgs/${o.id}`}
                  onClick={close}
                  className="flex items-center gap-2.5 rounded-md px-2 py-1.5 text-sm hover:bg-slate-100"
                >
                  <OrgAvatar name={o.name} className="size-6" />
                  <span className="min-w-0 flex-1 truncate font-medium text-slate-900">{o.name}</span>
                  <span className="text-xs text-slate-400">{ROLE_LABEL[o.role]}</span>
                  {o.id === org?.id && !project && <Check className="size-4 text-indigo-600" aria-label="Current" />}
                </Link>
                {o.projects.map((p) => (
                  <Link
                    key={p.id}
                    href={`/projects/${p.id}`}
                    onClick={close}
                    className="ml-5 flex items-center gap-2 rounded-md border-l border-slate-200 py-1.5 pr-2 pl-3.5 text-sm text-slate-600 hover:bg-slate-100 hover:text-slate-900"
                  >
                    <span className="min-w-0 flex-1 truncate">{p.name}</span>
                    {p.id === project?.id && <Check className="size-4 text-indigo-600" aria-label="Current" />}
                  </Link>
                ))}
              </div>
            ))}
          </div>
          <div className="border-t border-slate-100 p-1.5">
            <Link
              href="/orgs"
              onClick={close}
              className="flex items-center gap-2 rounded-md px-2 py-1.5 text-sm text-slate-700 hover:bg-slate-100"
            >
              <LayoutGrid className="size-4 text-slate-400" aria-hidden />
              All organizations
            </Link>
            <Link
              href="/orgs/new"
              onClick={close}
              className="flex items-center gap-2 rounded-md px-2 py-1.5 text-sm text-slate-700 hover:bg-slate-100"
            >
              <Plus className="size-4 text-slate-400" aria-hidden />
              New organization
            </Link>
          </div>
        </div>
      )}
    </Popover>
  );
}
