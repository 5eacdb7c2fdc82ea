import { Gauge } from "lucide-react";
import { Badge } from "~/components/ui/badge";
import { Card, CardHeader } from "~/components/ui/card";
import type { TObservation, TScore } from "~/lib/trace-types";
import { RelativeTime } from "~/components/common/relative-time";

function scoreValue(s: TScore): string {
  if (s.dataType === "BOOLEAN") return s.value === 1 ? "true" : "false";
  if (s.dataType === "CATEGORICAL") return s.stringValue ?? String(s.value ?? "");
  if (s.value === null) return "—";
  return Number.isInteger(s.value) ? String(s.value) : s.value.toFixed(3).replace(/0+$/, "");
}

export function ScoresPanel({
  scores,
  observations,
  onSelect,
}: {
  scores: TScore[];
  observations: TObservation[];
  onSelect: (id: string) => void;
}) {
  const names = new Map(observations.map((o) => [o.id, o.name ?? o.type.toLowerCase()]));
  return (
    <Card aria-labelledby="scores-heading">
      <CardHeader id="scores-heading" title="Scores" description="Evaluations attached to this trace." />
      {scores.length === 0 ? (
        <p className="flex items-center gap-2 px-5 py-6 text-sm text-slate-500">
          <Gauge className="size-4 text-slate-400" aria-hidden /> No scores yet.
        </p>
      ) : (
        <ul className="divide-y divide-slate-100">
          {scores.map((s) => (
            <li key={s.id} className="flex items-start gap-3 px-5 py-3">
              <div className="min-w-0 flex-1">
                <div className="flex flex-wrap items-center gap-2">
                  <span className="font-medium text-slate-900">{s.name}</span>
                  <Badge tone="neutral" className="font-normal">
                    {s.source.toLowerCase()}
                  </Badge>
                  {s.observationId && (
                    <button
                      type="button"
                      onClick={() => onSelect(s.observationId!)}
                      className="text-xs text-indigo-600 hover:text-indigo-500"
                    >
                      on {names.get(s.observationId) ?? s.observationId}
                    </button>
                  )}
                </div>
                {s.comment && <p className="mt-1 text-sm text-slate-600">{s.comment}</p>}
                <RelativeTime value={s.timestamp} className="mt-0.5 block text-xs text-slate-400" />
              </div>
              <span className="rounded-lg bg-indigo-50 px-2.5 py-1 font-mono text-sm font-semibold text-indigo-700 tabular-nums">
                {scoreValue(s)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
