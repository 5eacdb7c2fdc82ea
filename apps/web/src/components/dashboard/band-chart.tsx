"use client";
import {
  Area,
  CartesianGrid,
  ComposedChart,
  Line,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";

// A rate or mean per time bucket with its confidence band, time markers and low-sample points.
// Built on recharts (the engine under Tremor) because Tremor's charts draw no ranges or
// reference lines. Data is prepared by @yardstick/core/dashboards; this only renders.

export type TBandSeries = {
  key: string;
  label: string;
  color: string;
  points: Array<{
    value: number | null;
    lower?: number | null;
    upper?: number | null;
    n?: number;
    lowSample?: boolean;
  }>;
};
export type TMarker = { index: number; label: string };

type TDatum = Record<string, number | string | boolean | null | [number, number]>;

export function BandChart({
  labels,
  series,
  markers,
  format,
  onPoint,
  height = 220,
}: {
  labels: string[];
  series: TBandSeries[];
  markers: TMarker[];
  format: (v: number) => string;
  onPoint?: (index: number) => void;
  height?: number;
}) {
  const data: TDatum[] = labels.map((label, i) => {
    const d: TDatum = { label };
    for (const s of series) {
      const p = s.points[i];
      d[s.key] = p?.value ?? null;
      d[`${s.key}:band`] = p && p.lower != null && p.upper != null ? [p.lower, p.upper] : null;
      d[`${s.key}:n`] = p?.n ?? null;
      d[`${s.key}:low`] = p?.lowSample ?? false;
    }
    return d;
  });
  return (
    <div className="w-full">
      <ul className="mb-1 flex flex-wrap justify-end gap-x-4 gap-y-1 text-xs text-slate-600" aria-label="Legend">
        {series.map((s) => (
          <li key={s.key} className="flex items-center gap-1.5">
            <span className="inline-block size-2 rounded-full" style={{ background: s.color }} aria-hidden />
            {s.label}
          </li>
        ))}
      </ul>
      <div style={{ height }} className="w-full text-xs">
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart
            data={data}
            margin={{ top: 16, right: 12, bottom: 0, left: 0 }}
            onClick={(e) => {
              const i = (e as { activeTooltipIndex?: number } | null)?.activeTooltipIndex;
              if (onPoint && typeof i === "number") onPoint(i);
            }}
            style={{ cursor: onPoint ? "pointer" : undefined }}
          >
            <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" vertical={false} />
            <XAxis dataKey="label" tick={{ fill: "#64748b" }} tickLine={false} axisLine={false} minTickGap={16} />
            <YAxis tick={{ fill: "#64748b" }} tickLine={false} axisLine={false} width={64} tickFormatter={format} />
            <Tooltip
              content={({ active, payload, label }) => {
                if (!active || !payload?.length) return null;
                const d = payload[0]!.payload as TDatum;
                return (
                  <div className="rounded-md border border-slate-200 bg-white px-3 py-2 shadow-md">
                    <p className="mb-1 font-medium text-slate-900">{label}</p>
                    {series.map((s) => {
                      const v = d[s.key] as number | null;
                      const band = d[`${s.key}:band`] as [number, number] | null;
                      return (
                        <p key={s.key} className="text-slate-600">
                          <span className="mr-1.5 inline-block size-2 rounded-full" style={{ background: s.color }} />
                          {s.label}: {v == null ? "no data" : format(v)}
                          {band ? ` (95% CI ${format(band[0])}–${format(band[1])})` : ""}
                          {d[`${s.key}:n`] != null ? ` · n = ${d[`${s.key}:n`]}` : ""}
                          {d[`${s.key}:low`] && v != null ? " · few samples" : ""}
                        </p>
                      );
                    })}
                  </div>
                );
              }}
            />
            {markers.map((m) => (
              <ReferenceLine
                key={`${m.index}-${m.label}`}
                x={labels[m.index]}
                stroke="#a855f7"
                strokeDasharray="4 3"
                label={{ value: m.label, position: "insideTopLeft", fill: "#7e22ce", fontSize: 10 }}
              />
            ))}
            {series.map((s) => (
              <Area
                key={`${s.key}:band`}
                dataKey={`${s.key}:band`}
                stroke="none"
                fill={s.color}
                fillOpacity={0.15}
                isAnimationActive={false}
                connectNulls={false}
                activeDot={false}
              />
            ))}
            {series.map((s) => (
              <Line
                key={s.key}
                dataKey={s.key}
                stroke={s.color}
                strokeWidth={2}
                isAnimationActive={false}
                connectNulls={false}
                dot={(props: { cx?: number; cy?: number; index?: number; payload?: TDatum }) => {
                  const low = props.payload?.[`${s.key}:low`];
                  if (props.cx == null || props.cy == null || props.payload?.[s.key] == null)
                    return <g key={props.index} />;
                  // Hollow dots: too few samples to trust the point.
                  return (
                    <circle
                      key={props.index}
                      cx={props.cx}
                      cy={props.cy}
                      r={low ? 3.5 : 2.5}
                      fill={low ? "white" : s.color}
                      stroke={s.color}
                      strokeWidth={1.5}
                    />
                  );
                }}
              />
            ))}
          </ComposedChart>
        </ResponsiveContainer>
      </div>
    </div>
  );
}
