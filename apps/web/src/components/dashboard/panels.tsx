"use client";
import { BarChart, BarList } from "@tremor/react";
import { useRouter } from "next/navigation";
import { explorerHref, type TDashboardState } from "~/lib/dashboard-params";
import { BandChart, type TBandSeries, type TMarker } from "./band-chart";
import { SERIES_COLORS, SERIES_HEX, bucketLabel, ms, num, pct, usd, type TDashboard, type TSide } from "./chart-data";
import { PanelCard } from "./panel-card";

type TCtx = {
  d: TDashboard;
  sides: TSide[];
  labels: string[];
  markers: TMarker[];
  projectId: string;
  state: TDashboardState;
  go: (index: number, extra?: Parameters<typeof explorerHref>[3]) => void;
};

/** Markers as a row under a Tremor chart (Tremor draws no reference lines). */
function MarkerRow({ ctx }: { ctx: TCtx }) {
  if (!ctx.markers.length) return null;
  const n = ctx.labels.length;
  return (
    <div className="relative mt-1 h-5 text-[10px] text-purple-700" aria-label="Markers">
      {ctx.markers.map((m) => (
        <span
          key={`${m.index}-${m.label}`}
          className="absolute top-0 -translate-x-1/2 truncate whitespace-nowrap"
          style={{ left: `calc(56px + (100% - 56px) * ${(m.index + 0.5) / n})` }}
          title={m.label}
        >
          ▲ {m.label}
        </span>
      ))}
    </div>
  );
}

const sideKey = (ctx: TCtx, s: TSide, metric: string) => (ctx.sides.length > 1 ? `${metric} · ${s.label}` : metric);
/** In a comparison, a click goes to the traces of the side's release / prompt version. */
const sideExtra = (ctx: TCtx, label?: string) =>
  ctx.d.compare && label ? (ctx.d.compare.dimension === "release" ? { release: label } : { prompt: label }) : {};

function clickedIndex(ctx: TCtx, v: { label?: unknown } | null | undefined) {
  const i = ctx.labels.indexOf(String(v?.label ?? ""));
  return i >= 0 ? i : null;
}

function CostPanel({ ctx }: { ctx: TCtx }) {
  const compare = ctx.sides.length > 1;
  const p = ctx.d.panels;
  const categories = compare ? ctx.sides.map((s) => s.label) : p.models;
  const rows = ctx.labels.map((label, i) => {
    const row: Record<string, string | number> = { label };
    if (compare) for (const s of ctx.sides) row[s.label] = Number(s.panels.cost[i]?.total ?? 0);
    else for (const m of p.models) row[m] = Number(p.cost[i]?.[m] ?? 0);
    return row;
  });
  const t = p.totals;
  return (
    <PanelCard
      id="cost"
      title="Cost per day by model"
      description={compare ? "Total cost of each side" : "Generation cost, stacked by model"}
      csv={p.cost}
      empty={t.cost === 0 && t.generations === 0}
      footer={`Total ${usd(t.cost)} · ${usd(t.traces ? t.cost / t.traces : 0)} per trace · click a bar for its traces`}
    >
      <BarChart
        className="h-56"
        data={rows}
        index="label"
        categories={categories}
        colors={compare ? ctx.sides.map((s) => s.color) : [...SERIES_COLORS]}
        stack={!compare}
        valueFormatter={usd}
        yAxisWidth={56}
        onValueChange={(v) => {
          const i = clickedIndex(ctx, v as { label?: unknown });
          const cat = (v as { categoryClicked?: string } | null)?.categoryClicked;
          if (i !== null)
            ctx.go(i, compare ? sideExtra(ctx, cat) : { model: cat && cat !== "(none)" ? cat : undefined });
        }}
      />
      <MarkerRow ctx={ctx} />
    </PanelCard>
  );
}

function CostPerInteractionPanel({ ctx }: { ctx: TCtx }) {
  const series: TBandSeries[] = ctx.sides.flatMap((s, si) => [
    {
      key: `${s.key}-trace`,
      label: sideKey(ctx, s, "per trace"),
      color: si ? SERIES_HEX[2]! : SERIES_HEX[0]!,
      points: s.panels.cost.map((c) => ({ value: c.costPerTrace as number | null, n: c.traces as number })),
    },
    {
      key: `${s.key}-success`,
      label: sideKey(ctx, s, "per successful interaction"),
      color: si ? SERIES_HEX[3]! : SERIES_HEX[1]!,
      points: s.panels.cost.map((c) => ({ value: c.costPerSuccess as number | null, n: c.successes as number })),
    },
  ]);
  return (
    <PanelCard
      id="cost-per-interaction"
      title="Cost per trace and per success"
      description="Per trace, and per successful interaction (no error, no thumbs-down)"
      csv={ctx.d.panels.cost.map((c) => ({ t: c.t, costPerTrace: c.costPerTrace, costPerSuccess: c.costPerSuccess }))}
      empty={ctx.d.panels.totals.traces === 0}
    >
      <BandChart labels={ctx.labels} series={series} markers={ctx.markers} format={usd} onPoint={(i) => ctx.go(i)} />
    </PanelCard>
  );
}

function TopCostPanel({ ctx }: { ctx: TCtx }) {
  const p = ctx.d.panels;
  return (
    <PanelCard
      id="top-cost"
      title="Top trace names and prompts by cost"
      csv={[
        ...p.topNames.map((n) => ({ kind: "trace name", name: n.name || "(unnamed)", cost: n.cost, count: n.traces })),
        ...p.topPrompts.map((x) => ({
          kind: "prompt",
          name: `${x.promptName}@${x.promptVersion}`,
          cost: x.cost,
          count: x.generations,
        })),
      ]}
      empty={p.topNames.length === 0}
    >
      <div className="grid gap-6 sm:grid-cols-2">
        <div>
          <h3 className="mb-2 text-xs font-medium text-slate-500 uppercase">Trace names</h3>
          <BarList
            data={p.topNames.map((n) => ({ name: n.name || "(unnamed)", value: n.cost }))}
            valueFormatter={usd}
          />
        </div>
        <div>
          <h3 className="mb-2 text-xs font-medium text-slate-500 uppercase">Prompt versions</h3>
          {p.topPrompts.length ? (
            <BarList
              data={p.topPrompts.map((x) => ({ name: `${x.promptName} v${x.promptVersion}`, value: x.cost }))}
              valueFormatter={usd}
              color="emerald"
            />
          ) : (
            <p className="text-sm text-slate-500">No generation names a prompt.</p>
          )}
        </div>
      </div>
    </PanelCard>
  );
}

function TokensPanel({ ctx }: { ctx: TCtx }) {
  const compare = ctx.sides.length > 1;
  const kinds = ["input", "output", "cacheRead", "cacheWrite"] as const;
  const rows = ctx.labels.map((label, i) => {
    const row: Record<string, string | number> = { label };
    for (const s of ctx.sides) {
      const t = s.panels.tokens[i]!;
      if (compare) row[s.label] = t.input + t.output + t.cacheRead + t.cacheWrite;
      else for (const k of kinds) row[k] = t[k];
    }
    return row;
  });
  const total = ctx.d.panels.tokens.reduce((a, t) => a + t.input + t.output + t.cacheRead + t.cacheWrite, 0);
  return (
    <PanelCard
      id="tokens"
      title="Tokens per day"
      description={compare ? "All tokens of each side" : "Input, output, cache read and cache write"}
      csv={ctx.d.panels.tokens}
      empty={total === 0}
    >
      <BarChart
        className="h-56"
        data={rows}
        index="label"
        categories={compare ? ctx.sides.map((s) => s.label) : [...kinds]}
        colors={compare ? ctx.sides.map((s) => s.color) : ["indigo", "emerald", "cyan", "amber"]}
        stack={!compare}
        valueFormatter={num}
        yAxisWidth={56}
        onValueChange={(v) => {
          const i = clickedIndex(ctx, v as { label?: unknown });
          if (i !== null) ctx.go(i, sideExtra(ctx, (v as { categoryClicked?: string } | null)?.categoryClicked));
        }}
      />
      <MarkerRow ctx={ctx} />
    </PanelCard>
  );
}

function LatencyPanel({ ctx, kind }: { ctx: TCtx; kind: "traces" | "generations" }) {
  const qs = ["p50", "p95", "p99"] as const;
  const series: TBandSeries[] = ctx.sides.flatMap((s, si) =>
    qs
      .filter((q) => ctx.sides.length === 1 || q !== "p50")
      .map((q, qi) => ({
        key: `${s.key}-${q}`,
        label: sideKey(ctx, s, q),
        color: SERIES_HEX[si * 3 + qi]!,
        points: s.panels.latency[kind].map((p) => ({ value: p[q], n: p.n, lowSample: p.lowSample })),
      })),
  );
  const p = ctx.d.panels.latency[kind];
  return (
    <PanelCard
      id={`latency-${kind}`}
      title={`Latency of ${kind}`}
      description="p50 / p95 / p99 from merged sketches (≤ 1% error)"
      csv={p}
      empty={p.every((x) => x.n === 0)}
    >
      <BandChart labels={ctx.labels} series={series} markers={ctx.markers} format={ms} onPoint={(i) => ctx.go(i)} />
    </PanelCard>
  );
}

function LatencyByModelPanel({ ctx }: { ctx: TCtx }) {
  const by = ctx.d.panels.latency.byModel;
  const series: TBandSeries[] = by.map((m, i) => ({
    key: `m${i}`,
    label: `${m.model} p95`,
    color: SERIES_HEX[i % SERIES_HEX.length]!,
    points: m.points.map((p) => ({ value: p.p95, n: p.n, lowSample: p.lowSample })),
  }));
  return (
    <PanelCard
      id="latency-models"
      title="Generation p95 latency by model"
      csv={by.flatMap((m) => m.points.map((p) => ({ model: m.model, ...p })))}
      empty={by.length === 0}
    >
      <BandChart labels={ctx.labels} series={series} markers={ctx.markers} format={ms} onPoint={(i) => ctx.go(i)} />
    </PanelCard>
  );
}

function QualityPanels({ ctx }: { ctx: TCtx }) {
  const scores = ctx.d.panels.quality;
  const threshold = ctx.state.threshold ?? "0.5";
  if (!scores.length) {
    return (
      <PanelCard id="quality" title="Quality" csv={[]} empty emptyHint="No numeric or boolean scores in this range.">
        {null}
      </PanelCard>
    );
  }
  return (
    <>
      {scores.slice(0, 6).map((sc, idx) => {
        const series: TBandSeries[] = ctx.sides.map((s, si) => {
          const mine = s.panels.quality.find((q) => q.scoreName === sc.scoreName && q.source === sc.source);
          return {
            key: `${s.key}-q`,
            label: sideKey(ctx, s, "mean"),
            color: SERIES_HEX[si ? 2 : 0]!,
            points: ctx.labels.map((_, i) => {
              const p = mine?.points[i];
              return { value: p?.mean ?? null, lower: p?.lower, upper: p?.upper, n: p?.n, lowSample: p?.lowSample };
            }),
          };
        });
        return (
          <PanelCard
            key={`${sc.scoreName}-${sc.source}`}
            id={`quality-${idx}`}
            title={`Quality: ${sc.scoreName}`}
            description={`${sc.source.toLowerCase()} score · mean with 95% t-interval`}
            csv={sc.points}
            empty={sc.n === 0}
            footer={`n = ${sc.n} · mean ${sc.mean?.toFixed(3) ?? "—"} · ${sc.belowShare == null ? "—" : pct(sc.belowShare)} below ${threshold}`}
          >
            <BandChart
              labels={ctx.labels}
              series={series}
              markers={ctx.markers}
              format={(v) => v.toFixed(2)}
              onPoint={(i) => ctx.go(i)}
            />
          </PanelCard>
        );
      })}
    </>
  );
}

function FeedbackPanel({ ctx }: { ctx: TCtx }) {
  const r = ctx.d.panels.ratings;
  const series: TBandSeries[] = ctx.sides.map((s, si) => ({
    key: `${s.key}-fb`,
    label: sideKey(ctx, s, "thumbs-up rate"),
    color: SERIES_HEX[si ? 2 : 1]!,
    points: s.panels.feedback.map((f) => ({
      value: f.rate,
      lower: f.lower,
      upper: f.upper,
      n: f.n,
      lowSample: f.lowSample,
    })),
  }));
  return (
    <PanelCard
      id="feedback"
      title="User feedback"
      description="Thumbs-up rate with 95% Wilson band"
      csv={ctx.d.panels.feedback}
      empty={ctx.d.panels.totals.feedbackN === 0 && r.n === 0}
      emptyHint="No thumbs or ratings in this range: send feedback-create events."
      footer={
        r.n
          ? `Ratings: n = ${r.n}, mean ${r.mean?.toFixed(2)} (95% CI ${r.lower?.toFixed(2)}–${r.upper?.toFixed(2)}) · ${r.counts.map((c, i) => `${i + 1}★ ${c}`).join(" · ")}`
          : "No ratings"
      }
    >
      <BandChart labels={ctx.labels} series={series} markers={ctx.markers} format={pct} onPoint={(i) => ctx.go(i)} />
    </PanelCard>
  );
}

function ErrorsPanel({ ctx }: { ctx: TCtx }) {
  const series: TBandSeries[] = ctx.sides.flatMap((s, si) => [
    {
      key: `${s.key}-err`,
      label: sideKey(ctx, s, "error rate"),
      color: SERIES_HEX[si ? 2 : 3]!,
      points: s.panels.errors.map((e) => ({
        value: e.rate,
        lower: e.lower,
        upper: e.upper,
        n: e.traces,
        lowSample: e.lowSample,
      })),
    },
  ]);
  const safety: TBandSeries[] = ctx.sides.map((s, si) => ({
    key: `${s.key}-safety`,
    label: sideKey(ctx, s, "violations per 1,000 outputs"),
    color: SERIES_HEX[si ? 2 : 5]!,
    points: s.panels.errors.map((e) => ({ value: e.safetyPer1000, n: e.generations })),
  }));
  const hasSafety = ctx.d.panels.errors.some((e) => e.safetyChecks > 0);
  return (
    <PanelCard
      id="errors"
      title="Errors and safety"
      description="Traces with an error (95% Wilson band)"
      csv={ctx.d.panels.errors}
      empty={ctx.d.panels.totals.traces === 0}
    >
      <BandChart
        labels={ctx.labels}
        series={series}
        markers={ctx.markers}
        format={pct}
        onPoint={(i) => ctx.go(i, { errors: true })}
      />
      <h3 className="mt-4 mb-1 text-xs font-medium text-slate-500 uppercase">Safety violations per 1,000 outputs</h3>
      {hasSafety ? (
        <BandChart
          labels={ctx.labels}
          series={safety}
          markers={ctx.markers}
          format={(v) => v.toFixed(1)}
          height={140}
        />
      ) : (
        <p className="text-sm text-slate-500">
          No safety scores: send scores named <code>safety…</code> (value below 0.5 = violation).
        </p>
      )}
    </PanelCard>
  );
}

function UsagePanel({ ctx }: { ctx: TCtx }) {
  const compare = ctx.sides.length > 1;
  const rows = ctx.labels.map((label, i) => {
    const row: Record<string, string | number> = { label };
    for (const s of ctx.sides) {
      const u = s.panels.usage[i]!;
      row[sideKey(ctx, s, "traces")] = u.traces;
      row[sideKey(ctx, s, "users")] = u.users ?? 0;
    }
    return row;
  });
  const categories = ctx.sides.flatMap((s) => [sideKey(ctx, s, "traces"), sideKey(ctx, s, "users")]);
  const perUser: TBandSeries[] = ctx.sides.map((s, si) => ({
    key: `${s.key}-tpu`,
    label: sideKey(ctx, s, "traces per user"),
    color: SERIES_HEX[si ? 2 : 4]!,
    points: s.panels.usage.map((u) => ({ value: u.tracesPerUser })),
  }));
  return (
    <PanelCard
      id="usage"
      title="Usage"
      description="Traces and daily active users (UTC days)"
      csv={ctx.d.panels.usage}
      empty={ctx.d.panels.totals.traces === 0}
    >
      <BarChart
        className="h-48"
        data={rows}
        index="label"
        categories={categories}
        colors={compare ? ["indigo", "sky", "amber", "orange"] : ["indigo", "emerald"]}
        valueFormatter={num}
        yAxisWidth={56}
        onValueChange={(v) => {
          const i = clickedIndex(ctx, v as { label?: unknown });
          if (i !== null) ctx.go(i);
        }}
      />
      <h3 className="mt-4 mb-1 text-xs font-medium text-slate-500 uppercase">Traces per user</h3>
      <BandChart labels={ctx.labels} series={perUser} markers={ctx.markers} format={(v) => v.toFixed(1)} height={140} />
    </PanelCard>
  );
}

function HourOfDayPanel({ ctx }: { ctx: TCtx }) {
  const rows = ctx.d.panels.hourOfDay.map((h) => {
    const row: Record<string, string | number> = { hour: `${String(h.hour).padStart(2, "0")}:00` };
    for (const s of ctx.sides) row[sideKey(ctx, s, "traces")] = s.panels.hourOfDay[h.hour]!.traces;
    return row;
  });
  return (
    <PanelCard
      id="hour-of-day"
      title="Traffic by hour of day (UTC)"
      csv={ctx.d.panels.hourOfDay}
      empty={ctx.d.panels.totals.traces === 0}
    >
      <BarChart
        className="h-48"
        data={rows}
        index="hour"
        categories={ctx.sides.map((s) => sideKey(ctx, s, "traces"))}
        colors={ctx.sides.map((s) => s.color)}
        valueFormatter={num}
        yAxisWidth={48}
      />
    </PanelCard>
  );
}

export function DashboardPanels({
  d,
  sides,
  markers,
  projectId,
  state,
}: {
  d: TDashboard;
  sides: TSide[];
  markers: TMarker[];
  projectId: string;
  state: TDashboardState;
}) {
  const router = useRouter();
  const labels = d.panels.buckets.map((b) => bucketLabel(b, d.range.bucket));
  const stepMs = d.range.bucket === "hour" ? 3600_000 : 86_400_000;
  const ctx: TCtx = {
    d,
    sides,
    labels,
    markers,
    projectId,
    state,
    go: (i, extra) => router.push(explorerHref(projectId, state, { start: d.panels.buckets[i]!, ms: stepMs }, extra)),
  };
  return (
    <div className="space-y-10">
      <section aria-labelledby="sec-cost" className="space-y-4">
        <h2 id="sec-cost" className="text-sm font-semibold tracking-wide text-slate-500 uppercase">
          Cost
        </h2>
        <div className="grid gap-4 xl:grid-cols-2">
          <CostPanel ctx={ctx} />
          <CostPerInteractionPanel ctx={ctx} />
          <TopCostPanel ctx={ctx} />
          <TokensPanel ctx={ctx} />
        </div>
      </section>
      <section aria-labelledby="sec-latency" className="space-y-4">
        <h2 id="sec-latency" className="text-sm font-semibold tracking-wide text-slate-500 uppercase">
          Latency
        </h2>
        <div className="grid gap-4 xl:grid-cols-2">
          <LatencyPanel ctx={ctx} kind="traces" />
          <LatencyPanel ctx={ctx} kind="generations" />
          <LatencyByModelPanel ctx={ctx} />
        </div>
      </section>
      <section aria-labelledby="sec-quality" className="space-y-4">
        <h2 id="sec-quality" className="text-sm font-semibold tracking-wide text-slate-500 uppercase">
          Quality and feedback
        </h2>
        <div className="grid gap-4 xl:grid-cols-2">
          <QualityPanels ctx={ctx} />
          <FeedbackPanel ctx={ctx} />
          <ErrorsPanel ctx={ctx} />
        </div>
      </section>
      <section aria-labelledby="sec-usage" className="space-y-4">
        <h2 id="sec-usage" className="text-sm font-semibold tracking-wide text-slate-500 uppercase">
          Usage
        </h2>
        <div className="grid gap-4 xl:grid-cols-2">
          <UsagePanel ctx={ctx} />
          <HourOfDayPanel ctx={ctx} />
        </div>
      </section>
    </div>
  );
}
