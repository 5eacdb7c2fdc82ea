import { TriangleAlert } from "lucide-react";
import { Badge } from "~/components/ui/badge";
import { Tooltip } from "~/components/ui/tooltip";

/** A compact amber badge; the full warning is its tooltip and accessible description. */
export function WarningsBadge({ warnings }: { warnings: string[] }) {
  if (warnings.length === 0) return null;
  return (
    <Tooltip content={warnings.join(" ")}>
      {(describedBy) => (
        <span
          tabIndex={0}
          aria-describedby={describedBy}
          className="rounded-md focus:ring-2 focus:ring-amber-400 focus:outline-none"
        >
          <Badge tone="amber">
            <TriangleAlert className="size-3" aria-hidden />
            Same-family judge
          </Badge>
        </span>
      )}
    </Tooltip>
  );
}

export function WarningsCallout({ warnings }: { warnings: string[] }) {
  if (warnings.length === 0) return null;
  return (
    <div
      role="note"
      aria-label="Warnings"
      className="flex items-start gap-2 rounded-lg border border-amber-200 bg-amber-50 px-3 py-2.5 text-sm text-amber-900"
    >
      <TriangleAlert className="mt-0.5 size-4 shrink-0 text-amber-600" aria-hidden />
      <div className="space-y-1">
        {warnings.map((w) => (
          <p key={w}>{w}</p>
        ))}
      </div>
    </div>
  );
}
