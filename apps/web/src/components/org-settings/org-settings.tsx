"use client";
import { useQuery } from "@tanstack/react-query";
import { DangerDeleteSection } from "~/components/common/danger-delete-section";
import { RenameSection } from "~/components/common/rename-section";
import { SettingsPage } from "~/components/common/settings-page";
import { hasRole } from "~/lib/roles";
import { useTRPC } from "~/trpc/react";
import { InvitationsSection } from "./invitations-section";
import { MembersSection } from "./members-section";

export function OrgSettings({ organizationId }: { organizationId: string }) {
  const trpc = useTRPC();
  const org = useQuery(trpc.organizations.get.queryOptions({ organizationId }));
  return (
    <SettingsPage
      query={org}
      notFoundTitle="Organization not found"
      loadingLabel="Loading organization settings"
      title="Members & settings"
      crumbs={({ name }) => [
        { label: "Organizations", href: "/orgs" },
        { label: name, href: `/orgs/${organizationId}` },
        { label: "Settings" },
      ]}
    >
      {({ name, role }) => (
        <>
          <RenameSection
            idPrefix="org"
            noun="organization"
            description="The name your team sees across Yardstick."
            name={name}
            role={role}
            mutation={trpc.organizations.rename.mutationOptions()}
            variables={(value) => ({ organizationId, name: value })}
            invalidate={[trpc.organizations.pathKey()]}
          />
          <MembersSection organizationId={organizationId} role={role} />
          {hasRole(role, "ADMIN") && <InvitationsSection organizationId={organizationId} role={role} />}
          <DangerDeleteSection
            idPrefix="org"
            noun="organization"
            name={name}
            role={role}
            summary="Deletes all of its projects, API keys and data. This cannot be undone."
            deniedHint="Only owners can delete the organization"
            consequences="All projects, API keys, members and invitations of this organization will be permanently deleted."
            mutation={trpc.organizations.delete.mutationOptions()}
            variables={(confirmName) => ({ organizationId, confirmName })}
            invalidate={[trpc.organizations.list.queryKey()]}
            redirectTo="/orgs"
          />
        </>
      )}
    </SettingsPage>
  );
}
