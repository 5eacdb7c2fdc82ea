"use client";
import { ArrowDownRight, ArrowUpRight } from "lucide-react";
import type { RouterOutputs } from "~/lib/types";
import { cn } from "~/lib/cn";
import { ms, num, pct, usd } from "~/components/dashboard/chart-data";

type TOverview = RouterOutputs["dashboards"]["overview"];
type TMetric = { value: number | null; previous: number | null; change: number | null };

function Headline({
  label,
  m,
  format,
  goodWhenUp,
}: {
  label: string;
  m: TMetric;
  format: (v: number) => string;
  goodWhenUp: boolean | null;
}) {
  const up = (m.change ?? 0) > 0;
  const good = goodWhenUp === null || m.change === null || m.change === 0 ? null : up === goodWhenUp;
  return (
    <div className="rounded-xl border border-slate-200 bg-white px-5 py-4 shadow-xs">
      <dt className="text-sm text-slate-500">{label}</dt>
      <dd className="mt-1.5 text-2xl font-semibold tracking-tight text-slate-900">
        {m.value === null ? "—" : format(m.value)}
      </dd>
      <dd
        className={cn(
          "mt-1 flex items-center gap-1 text-xs",
          good === null ? "text-slate-500" : good ? "text-emerald-700" : "text-red-700",
        )}
      >
        {m.change === null ? (
          <span>{m.previous === null ? "no data the week before" : `was ${format(m.previous)}`}</span>
        ) : (
          <>
            {up ? (
              <ArrowUpRight className="size-3.5" aria-hidden />
            ) : (
              <ArrowDownRight className="size-3.5" aria-hidden />
            )}
            <span>
              {up ? "+" : ""}
              {(m.change * 100).toFixed(1)}% vs the 7 days before ({m.previous === null ? "—" : format(m.previous)})
            </span>
          </>
        )}
      </dd>
    </div>
  );
}

/** Headline numbers of the last 7 days against the 7 before. */
export function OverviewHeadline({ data }: { data: TOverview }) {
  const h = data.headline;
  return (
    <section aria-labelledby="headline-heading" className="mb-8">
      <h2 id="headline-heading" className="mb-3 text-sm font-semibold text-slate-700">
        Last 7 days
      </h2>
      <dl className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        <Headline label="Cost" m={h.cost} format={usd} goodWhenUp={false} />
        <Headline label="Traces" m={h.traces} format={num} goodWhenUp={null} />
        <Headline label="p95 latency" m={h.p95LatencyMs} format={ms} goodWhenUp={false} />
        <Headline label="Thumbs-up rate" m={h.thumbsUpRate} format={pct} goodWhenUp />
        <Headline
          label={h.mainScore.name ? `Mean ${h.mainScore.name}` : "Main score"}
          m={h.mainScore}
          format={(v) => v.toFixed(3)}
          goodWhenUp
        />
        <Headline label="Error rate" m={h.errorRate} format={pct} goodWhenUp={false} />
      </dl>
    </section>
  );
}
