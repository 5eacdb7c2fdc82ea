"use client";
import { useQuery } from "@tanstack/react-query";
import { RoleBadge } from "~/components/ui/badge";
import { PageHeader } from "~/components/ui/page-header";
import { ProjectFrame } from "~/components/projects/project-frame";
import { useTRPC } from "~/trpc/react";
import { CostPreviewSection } from "./cost-preview-section";
import { DefaultPricesSection } from "./default-prices-section";
import { ProjectPricesSection } from "./project-prices-section";

function PricesBody({
  projectId,
  role,
}: {
  projectId: string;
  role: Parameters<typeof ProjectPricesSection>[0]["role"];
}) {
  const trpc = useTRPC();
  const prices = useQuery(trpc.modelPrices.list.queryOptions({ projectId }));
  const options = useQuery(trpc.traces.filterOptions.queryOptions({ projectId }, { staleTime: 60_000 }));
  const models = [
    ...new Set([...(options.data?.models ?? []), ...(prices.data?.defaults.map((d) => d.modelName) ?? [])]),
  ];
  return (
    <div className="space-y-8">
      <ProjectPricesSection projectId={projectId} role={role} prices={prices} />
      <CostPreviewSection projectId={projectId} models={models} />
      {prices.data && <DefaultPricesSection defaults={prices.data.defaults} />}
    </div>
  );
}

export function ModelPricesPage({ projectId }: { projectId: string }) {
  return (
    <ProjectFrame projectId={projectId} label="model prices">
      {(p, crumbs) => (
        <>
          <PageHeader
            crumbs={crumbs({ label: "Settings", href: `/projects/${projectId}/settings` }, { label: "Model prices" })}
            title="Model prices"
            description={
              <span className="flex items-center gap-2">
                USD per 1M tokens, used to compute the cost of each generation at ingest · your role{" "}
                <RoleBadge role={p.role} />
              </span>
            }
          />
          <PricesBody projectId={projectId} role={p.role} />
        </>
      )}
    </ProjectFrame>
  );
}
