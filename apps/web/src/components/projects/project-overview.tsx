"use client";
import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { ArrowRight, Check, KeyRound, type LucideIcon } from "lucide-react";
import type { ReactNode } from "react";
import { RoleBadge } from "~/components/ui/badge";
import { LinkButton } from "~/components/ui/button";
import { Card, CardHeader } from "~/components/ui/card";
import { CodeBlock } from "~/components/ui/code-block";
import { PageHeader } from "~/components/ui/page-header";
import { ErrorPanel, NotFoundPanel } from "~/components/ui/query-state";
import { LoadingRegion, Skeleton } from "~/components/ui/skeleton";
import { cn } from "~/lib/cn";
import { formatDate } from "~/lib/format";
import { hasRole } from "~/lib/roles";
import { isNotFound } from "~/lib/trpc-errors";
import { useOrigin } from "~/lib/use-origin";
import { useTRPC } from "~/trpc/react";
import { OverviewHeadline } from "./overview-headline";
import { projectCrumbs, useProject } from "./use-project";

function Stat({ label, children, icon: Icon }: { label: string; children: ReactNode; icon?: LucideIcon }) {
  return (
    <div className="rounded-xl border border-slate-200 bg-white px-5 py-4 shadow-xs">
      <dt className="flex items-center gap-1.5 text-sm text-slate-500">
        {Icon && <Icon className="size-4 text-slate-400" aria-hidden />}
        {label}
      </dt>
      <dd className="mt-1.5 text-2xl font-semibold tracking-tight text-slate-900">{children}</dd>
    </div>
  );
}

function Step({
  n,
  done,
  last,
  title,
  children,
}: {
  n: number;
  done?: boolean;
  last?: boolean;
  title: string;
  children: ReactNode;
}) {
  return (
    <li className={cn("relative flex gap-4", !last && "pb-8")}>
      {!last && <span aria-hidden className="absolute top-8 bottom-0 left-[15px] w-px bg-slate-200" />}
      <span
        className={cn(
          "relative flex size-8 shrink-0 items-center justify-center rounded-full text-sm font-semibold ring-4 ring-white",
          done ? "bg-emerald-500 text-white" : "bg-indigo-50 text-indigo-700 ring-indigo-50",
        )}
      >
        {done ? <Check className="size-4" aria-label="Done" /> : n}
      </span>
      <div className="min-w-0 flex-1 pt-1">
        <h3 className="text-sm font-semibold text-slate-900">{title}</h3>
        <div className="mt-1 space-y-3 text-sm text-slate-600">{children}</div>
      </div>
    </li>
  );
}

export function ProjectOverview({ projectId }: { projectId: string }) {
  const trpc = useTRPC();
  const origin = useOrigin();
  const project = useProject(projectId);
  const keys = useQuery(trpc.apiKeys.list.queryOptions({ projectId }));
  const overview = useQuery(trpc.dashboards.overview.queryOptions({ projectId }));

  if (isNotFound(project.error)) return <NotFoundPanel title="Project not found" />;
  if (project.isError) return <ErrorPanel error={project.error} onRetry={() => void project.refetch()} />;
  if (project.isPending) {
    return (
      <LoadingRegion label="Loading project" className="space-y-6">
        <Skeleton className="h-8 w-64" />
        <div className="grid gap-4 sm:grid-cols-3">
          <Skeleton className="h-24 rounded-xl" />
          <Skeleton className="h-24 rounded-xl" />
          <Skeleton className="h-24 rounded-xl" />
        </div>
        <Skeleton className="h-72 rounded-xl" />
      </LoadingRegion>
    );
  }

  const p = project.data;
  const activeKeys = keys.data?.filter((k) => !k.revokedAt).length;
  const canManageKeys = hasRole(p.role, "ADMIN");
  const settingsHref = `/projects/${projectId}/settings`;
  const curl = `curl -H "Authorization: Bearer <your-api-key>" ${origin || "http://localhost:3000"}/api/public/project`;

  const presence = overview.data?.presence;
  const hasData = Boolean(presence?.traces);
  const steps = [Boolean(activeKeys), hasData, Boolean(presence?.scores || presence?.feedback)];
  const allDone = steps.every(Boolean);

  return (
    <>
      <PageHeader
        crumbs={projectCrumbs(p)}
        title={p.name}
        description={`Project in ${p.organization.name}`}
        actions={
          hasData ? (
            <LinkButton href={`/projects/${projectId}/dashboard`} variant="secondary" size="sm">
              Open dashboard <ArrowRight className="size-3.5" aria-hidden />
            </LinkButton>
          ) : undefined
        }
      />
      {overview.data && hasData && <OverviewHeadline data={overview.data} />}
      <dl className="mb-8 grid gap-4 sm:grid-cols-3">
        <Stat label="Active API keys" icon={KeyRound}>
          {keys.isPending ? <Skeleton className="mt-1 h-7 w-10" /> : keys.isError ? "—" : activeKeys}
        </Stat>
        <Stat label="Your role">
          <RoleBadge role={p.role} />
        </Stat>
        <Stat label="Created">
          <span className="text-lg">{formatDate(p.createdAt)}</span>
        </Stat>
      </dl>

      <details open={!allDone} className="group">
        <summary className="mb-3 cursor-pointer text-sm font-medium text-slate-600 select-none">
          {allDone
            ? "Get started — all steps done"
            : `Get started — ${steps.filter(Boolean).length} of ${steps.length} done`}
        </summary>
        <Card aria-labelledby="get-started-heading">
          <CardHeader
            id="get-started-heading"
            title="Get started"
            description="Connect your application to this project in a couple of minutes. Steps tick themselves as data arrives."
          />
          <ol className="px-5 py-6">
            <Step n={1} done={Boolean(activeKeys)} title="Create an API key">
              <p>
                Keys authenticate your backend with Yardstick. Give it the{" "}
                <code className="rounded bg-slate-100 px-1 py-0.5 text-xs">read</code> scope to run the check below, and{" "}
                <code className="rounded bg-slate-100 px-1 py-0.5 text-xs">ingest</code> to send data.
              </p>
              {canManageKeys ? (
                <LinkButton href={settingsHref} variant="secondary" size="sm">
                  {activeKeys ? "Manage API keys" : "Create an API key"}
                  <ArrowRight className="size-3.5" aria-hidden />
                </LinkButton>
              ) : (
                <p className="text-slate-500">Ask an admin of {p.organization.name} to create a key for you.</p>
              )}
            </Step>
            <Step n={2} done={hasData} title="Check the connection and send traces">
              <p>
                Call the public API with your key. It answers with this project&apos;s name and the key&apos;s scopes.
                Then send traces with the SDK or{" "}
                <code className="rounded bg-slate-100 px-1 py-0.5 text-xs">POST /api/public/ingestion</code>.
              </p>
              <CodeBlock label="Connection check command" code={curl} />
            </Step>
            <Step n={3} done={Boolean(presence?.scores || presence?.feedback)} title="Add scores or user feedback">
              <p>
                Send <code className="rounded bg-slate-100 px-1 py-0.5 text-xs">score-create</code> or{" "}
                <code className="rounded bg-slate-100 px-1 py-0.5 text-xs">feedback-create</code> events so the
                dashboard can show quality and thumbs-up rates.
              </p>
            </Step>
            <Step n={4} last title="Bring your team">
              <p>Invite colleagues to {p.organization.name} so they can see this project.</p>
              <Link
                href={`/orgs/${p.organizationId}/settings`}
                className="inline-flex items-center gap-1 font-medium text-indigo-600 hover:text-indigo-500"
              >
                Members &amp; invitations <ArrowRight className="size-3.5" aria-hidden />
              </Link>
            </Step>
          </ol>
        </Card>
      </details>
    </>
  );
}
