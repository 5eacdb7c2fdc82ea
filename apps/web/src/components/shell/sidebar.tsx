"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import {
  ChartNoAxesCombined,
  CircleDollarSign,
  Database,
  Scale,
  Shuffle,
  FileText,
  FlaskConical,
  Radar,
  FolderKanban,
  Gauge,
  KeyRound,
  LayoutGrid,
  MessagesSquare,
  PlugZap,
  UserRound,
  Users,
  Waypoints,
  Inbox,
  ClipboardCheck,
  Workflow,
  Activity,
  BellRing,
  type LucideIcon,
} from "lucide-react";
import type { ReactNode } from "react";
import { Skeleton } from "~/components/ui/skeleton";
import { Wordmark } from "~/components/ui/wordmark";
import { cn } from "~/lib/cn";
import { UserMenu } from "./user-menu";
import { useWorkspace } from "./use-workspace";
import { WorkspaceSwitcher } from "./workspace-switcher";

function NavLink({
  href,
  icon: Icon,
  children,
  nested,
}: {
  href: string;
  icon: LucideIcon;
  children: ReactNode;
  nested?: boolean;
}) {
  const pathname = usePathname();
  // Sections with detail pages (a trace, a session) stay highlighted on those pages.
  const active = pathname === href || (nested === true && pathname.startsWith(`${href}/`));
  return (
    <Link
      href={href}
      aria-current={active ? "page" : undefined}
      className={cn(
        "flex items-center gap-2.5 rounded-md px-2.5 py-1.5 text-sm font-medium transition-colors",
        active ? "bg-indigo-50 text-indigo-700" : "text-slate-600 hover:bg-slate-100 hover:text-slate-900",
      )}
    >
      <Icon className={cn("size-4", active ? "text-indigo-600" : "text-slate-400")} aria-hidden />
      {children}
    </Link>
  );
}

function NavSection({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div>
      <h2 className="px-2.5 pb-1.5 text-[11px] font-semibold tracking-wider text-slate-400 uppercase">{title}</h2>
      <div className="space-y-0.5">{children}</div>
    </div>
  );
}

/** On md and up a fixed column; below md a drawer that the shell opens (`open`). */
export function Sidebar({ open = false, closeButton }: { open?: boolean; closeButton?: ReactNode } = {}) {
  const { orgs, orgId, project, projectId } = useWorkspace();
  const resolving = Boolean(projectId) && orgs.isPending;
  return (
    // The aside stretches to the page's height; its content sticks to the viewport.
    <aside
      id="app-sidebar"
      className={cn(
        "fixed inset-y-0 left-0 z-50 w-72 max-w-[85vw] overflow-y-auto border-r border-slate-200 bg-white shadow-xl md:static md:z-auto md:block md:w-64 md:max-w-none md:shrink-0 md:overflow-visible md:shadow-none",
        open ? "block" : "hidden",
      )}
    >
      <div className="flex min-h-full flex-col md:sticky md:top-0 md:h-screen">
        <div className="flex h-14 items-center px-5">
          <Link href="/orgs" className="rounded-md">
            <Wordmark />
          </Link>
          {closeButton}
        </div>
        <div className="px-3">
          <WorkspaceSwitcher />
        </div>
        <nav aria-label="Main" className="flex-1 space-y-6 overflow-y-auto px-3 py-6">
          {!orgId && !resolving && (
            <NavSection title="Workspace">
              <NavLink href="/orgs" icon={LayoutGrid}>
                Organizations
              </NavLink>
            </NavSection>
          )}
          {project && (
            <NavSection title="Project">
              <NavLink href={`/projects/${project.id}`} icon={Gauge}>
                Overview
              </NavLink>
              <NavLink href={`/projects/${project.id}/dashboard`} icon={ChartNoAxesCombined}>
                Dashboard
              </NavLink>
              <NavLink href={`/projects/${project.id}/traces`} icon={Waypoints} nested>
                Traces
              </NavLink>
              <NavLink href={`/projects/${project.id}/sessions`} icon={MessagesSquare} nested>
                Sessions
              </NavLink>
              <NavLink href={`/projects/${project.id}/users`} icon={UserRound} nested>
                Users
              </NavLink>
              <NavLink href={`/projects/${project.id}/datasets`} icon={Database} nested>
                Datasets
              </NavLink>
              <NavLink href={`/projects/${project.id}/candidates`} icon={Inbox} nested>
                Candidates
              </NavLink>
              <NavLink href={`/projects/${project.id}/annotations`} icon={ClipboardCheck} nested>
                Annotation
              </NavLink>
              <NavLink href={`/projects/${project.id}/prompts`} icon={FileText} nested>
                Prompts
              </NavLink>
              <NavLink href={`/projects/${project.id}/graders`} icon={Scale} nested>
                Graders
              </NavLink>
              <NavLink href={`/projects/${project.id}/experiments`} icon={FlaskConical} nested>
                Experiments
              </NavLink>
              <NavLink href={`/projects/${project.id}/online-experiments`} icon={Shuffle} nested>
                Online experiments
              </NavLink>
              <NavLink href={`/projects/${project.id}/evaluators`} icon={Radar} nested>
                Evaluators
              </NavLink>
              <NavLink href={`/projects/${project.id}/drift`} icon={Activity} nested>
                Drift
              </NavLink>
              <NavLink href={`/projects/${project.id}/alerts`} icon={BellRing}>
                Alerts
              </NavLink>
              <NavLink href={`/projects/${project.id}/jobs`} icon={Workflow}>
                Jobs
              </NavLink>
              <NavLink href={`/projects/${project.id}/settings/models`} icon={CircleDollarSign}>
                Model prices
              </NavLink>
              <NavLink href={`/projects/${project.id}/settings/providers`} icon={PlugZap}>
                Model providers
              </NavLink>
              <NavLink href={`/projects/${project.id}/settings`} icon={KeyRound}>
                Settings
              </NavLink>
            </NavSection>
          )}
          {resolving && (
            <div className="space-y-2 px-2.5">
              <Skeleton className="h-3 w-20" />
              <Skeleton className="h-6 w-full" />
            </div>
          )}
          {orgId && (
            <NavSection title="Organization">
              <NavLink href={`/orgs/${orgId}`} icon={FolderKanban}>
                Projects
              </NavLink>
              <NavLink href={`/orgs/${orgId}/settings`} icon={Users}>
                Members &amp; settings
              </NavLink>
            </NavSection>
          )}
        </nav>
        <div className="border-t border-slate-100 p-3">
          <UserMenu />
        </div>
      </div>
    </aside>
  );
}
