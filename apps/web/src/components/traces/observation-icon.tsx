import { Clock, Sparkles, Waypoints, Zap } from "lucide-react";
import { cn } from "~/lib/cn";
import type { TObservationType } from "~/lib/trace-types";

const STYLE: Record<TObservationType | "TRACE", { icon: typeof Clock; className: string; label: string }> = {
  TRACE: { icon: Waypoints, className: "bg-slate-100 text-slate-600", label: "Trace" },
  SPAN: { icon: Clock, className: "bg-sky-50 text-sky-600", label: "Span" },
  GENERATION: { icon: Sparkles, className: "bg-violet-50 text-violet-600", label: "Generation" },
  EVENT: { icon: Zap, className: "bg-amber-50 text-amber-600", label: "Event" },
};

export function ObservationIcon({ type, className }: { type: TObservationType | "TRACE"; className?: string }) {
  const s = STYLE[type];
  const Icon = s.icon;
  return (
    <span
      title={s.label}
      className={cn("inline-flex size-5 shrink-0 items-center justify-center rounded", s.className, className)}
    >
      <Icon className="size-3" aria-label={s.label} />
    </span>
  );
}

export const BAR_COLOR: Record<TObservationType, string> = {
  SPAN: "bg-sky-400",
  GENERATION: "bg-violet-500",
  EVENT: "bg-amber-400",
};
