"use client";
import { useQuery } from "@tanstack/react-query";
import { useParams } from "next/navigation";
import { useTRPC } from "~/trpc/react";

/** The organisation and project the current URL points at, resolved from my organisations. */
export function useWorkspace() {
  const trpc = useTRPC();
  const params = useParams<{ orgId?: string; projectId?: string }>();
  const orgs = useQuery(trpc.organizations.list.queryOptions());
  const list = orgs.data ?? [];
  const project = params.projectId
    ? list
        .flatMap((o) => o.projects.map((p) => ({ ...p, organizationId: o.id })))
        .find((p) => p.id === params.projectId)
    : undefined;
  const orgId = params.orgId ?? project?.organizationId;
  const org = orgId ? list.find((o) => o.id === orgId) : undefined;
  return { orgs, org, project, orgId, projectId: params.projectId };
}
