"use client";
import { confusionView, scoreDistribution } from "@yardstick/core/judge-view";
import { cn } from "~/lib/cn";
import type { TAgreement } from "~/lib/calibration";

/** Heat map of human (rows) × judge (columns) scores; the diagonal is agreement. */
export function ConfusionMatrix({ agreement }: { agreement: TAgreement }) {
  const view = confusionView(agreement.levels, agreement.confusion);
  return (
    <figure aria-labelledby="confusion-caption">
      <table className="border-separate border-spacing-1 text-sm" data-testid="confusion-matrix">
        <caption id="confusion-caption" className="mb-2 text-left text-xs text-slate-500">
          Rows: human score · columns: judge score · darker = more items
        </caption>
        <thead>
          <tr>
            <th scope="col" className="px-2 text-right text-xs font-medium text-slate-400">
              human ↓ judge →
            </th>
            {view.levels.map((l) => (
              <th key={l} scope="col" className="w-12 text-center text-xs font-semibold text-slate-600">
                {l}
              </th>
            ))}
            <th scope="col" className="w-12 text-center text-xs font-medium text-slate-400">
              total
            </th>
          </tr>
        </thead>
        <tbody>
          {view.rows.map((row) => (
            <tr key={row.human}>
              <th scope="row" className="px-2 text-right text-xs font-semibold text-slate-600">
                {row.human}
              </th>
              {row.cells.map((c) => (
                <td
                  key={c.judge}
                  title={`${c.count} item(s): human ${c.human}, judge ${c.judge}`}
                  className={cn(
                    "h-11 w-12 rounded-md text-center font-mono tabular-nums",
                    c.diagonal ? "ring-2 ring-emerald-400 ring-inset" : "",
                    c.count === 0 ? "bg-slate-50 text-slate-300" : c.intensity > 0.55 ? "text-white" : "text-slate-900",
                  )}
                  style={
                    c.count
                      ? {
                          backgroundColor: c.diagonal
                            ? `rgba(5, 150, 105, ${0.15 + 0.85 * c.intensity})`
                            : `rgba(220, 38, 38, ${0.12 + 0.78 * c.intensity})`,
                        }
                      : undefined
                  }
                >
                  {c.count}
                </td>
              ))}
              <td className="text-center font-mono text-xs text-slate-400 tabular-nums">{row.total}</td>
            </tr>
          ))}
          <tr>
            <th scope="row" className="px-2 text-right text-xs font-medium text-slate-400">
              total
            </th>
            {view.columnTotals.map((t, i) => (
              <td key={i} className="text-center font-mono text-xs text-slate-400 tabular-nums">
                {t}
              </td>
            ))}
            <td className="text-center font-mono text-xs text-slate-500 tabular-nums">{view.total}</td>
          </tr>
        </tbody>
      </table>
    </figure>
  );
}

/** How often people and the judge used each level (bars scaled to the larger share). */
export function ScoreDistribution({ agreement }: { agreement: TAgreement }) {
  const dist = scoreDistribution(confusionView(agreement.levels, agreement.confusion));
  const max = Math.max(0.0001, ...dist.flatMap((d) => [d.humanShare, d.judgeShare]));
  return (
    <div className="space-y-2" aria-label="Score distribution" role="group">
      <div className="flex gap-4 text-xs text-slate-500">
        <span className="flex items-center gap-1.5">
          <span className="size-2.5 rounded-sm bg-slate-400" aria-hidden /> People
        </span>
        <span className="flex items-center gap-1.5">
          <span className="size-2.5 rounded-sm bg-indigo-500" aria-hidden /> Judge
        </span>
      </div>
      {dist.map((d) => (
        <div key={d.level} className="grid grid-cols-[1.5rem_1fr] items-center gap-2 text-xs">
          <span className="text-right font-semibold text-slate-600">{d.level}</span>
          <div className="space-y-0.5">
            <div className="flex items-center gap-1.5">
              <div className="h-2.5 rounded-sm bg-slate-400" style={{ width: `${(d.humanShare / max) * 100}%` }} />
              <span className="text-slate-500 tabular-nums">{d.human}</span>
            </div>
            <div className="flex items-center gap-1.5">
              <div className="h-2.5 rounded-sm bg-indigo-500" style={{ width: `${(d.judgeShare / max) * 100}%` }} />
              <span className="text-slate-500 tabular-nums">{d.judge}</span>
            </div>
          </div>
        </div>
      ))}
    </div>
  );
}
