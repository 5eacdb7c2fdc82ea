import { Card, CardHeader } from "~/components/ui/card";
import { formatUtcDay } from "~/lib/metrics-format";
import type { TModelPrices } from "~/lib/trace-types";
import { PriceTable } from "./price-table";

export function DefaultPricesSection({ defaults }: { defaults: TModelPrices["defaults"] }) {
  return (
    <Card aria-labelledby="default-prices-heading">
      <CardHeader
        id="default-prices-heading"
        title="Default prices"
        description="Public list prices shipped with Yardstick, used when no project price matches. Read-only."
      />
      <PriceTable
        label="Default prices"
        rows={defaults.map((d) => ({
          ...d,
          key: `${d.modelName}@${d.effectiveFrom}`,
          effectiveFrom: formatUtcDay(d.effectiveFrom),
        }))}
      />
    </Card>
  );
}
