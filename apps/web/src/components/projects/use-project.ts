"use client";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "~/trpc/react";

export function useProject(projectId: string) {
  const trpc = useTRPC();
  return useQuery(trpc.projects.get.queryOptions({ projectId }));
}

export function projectCrumbs(
  project: { name: string; organizationId: string; organization: { name: string } },
  projectHref?: string,
) {
  return [
    { label: "Organizations", href: "/orgs" },
    { label: project.organization.name, href: `/orgs/${project.organizationId}` },
    { label: project.name, href: projectHref },
  ];
}
