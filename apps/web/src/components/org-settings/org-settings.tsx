"use client";
import { useQuery } from "@tanstack/react-query";
import { RoleBadge } from "~/components/ui/badge";
import { PageHeader } from "~/components/ui/page-header";
import { ErrorPanel, NotFoundPanel } from "~/components/ui/query-state";
import { LoadingRegion, Skeleton } from "~/components/ui/skeleton";
import { hasRole } from "~/lib/roles";
import { isNotFound } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";
import { DeleteOrgSection } from "./delete-org-section";
import { InvitationsSection } from "./invitations-section";
import { MembersSection } from "./members-section";
import { RenameOrgSection } from "./rename-org-section";

export function OrgSettings({ organizationId }: { organizationId: string }) {
  const trpc = useTRPC();
  const org = useQuery(trpc.organizations.get.queryOptions({ organizationId }));

  if (isNotFound(org.error)) return <NotFoundPanel title="Organization not found" />;
  if (org.isError) return <ErrorPanel error={org.error} onRetry={() => void org.refetch()} />;
  if (org.isPending) {
    return (
      <LoadingRegion label="Loading organization settings" className="space-y-6">
        <Skeleton className="h-8 w-64" />
        <Skeleton className="h-40 w-full rounded-xl" />
        <Skeleton className="h-64 w-full rounded-xl" />
      </LoadingRegion>
    );
  }

  const { role, name } = org.data;
  return (
    <>
      <PageHeader
        crumbs={[{ label: "Organizations", href: "/orgs" }, { label: name, href: `/orgs/${organizationId}` }, { label: "Settings" }]}
        title="Members & settings"
        description={
          <span className="flex items-center gap-2">
            {name} · your role <RoleBadge role={role} />
          </span>
        }
      />
      <div className="space-y-8">
        <RenameOrgSection organizationId={organizationId} name={name} role={role} />
        <MembersSection organizationId={organizationId} role={role} />
        {hasRole(role, "ADMIN") && <InvitationsSection organizationId={organizationId} role={role} />}
        <DeleteOrgSection organizationId={organizationId} name={name} role={role} />
      </div>
    </>
  );
}
