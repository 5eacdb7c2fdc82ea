import { CopyButton } from "~/components/ui/copy-button";
import { cn } from "~/lib/cn";

export function toJson(value: unknown): string {
  if (value === undefined) return "undefined";
  try {
    return JSON.stringify(value, null, 2);
  } catch {
    return String(value);
  }
}

/** Pretty-printed JSON with a copy button. */
export function JsonView({ value, label, className }: { value: unknown; label: string; className?: string }) {
  const text = typeof value === "string" ? value : toJson(value);
  return (
    <div className={cn("relative rounded-lg bg-slate-50 ring-1 ring-slate-200", className)}>
      <pre
        aria-label={label}
        className="max-h-[32rem] overflow-auto px-3.5 py-3 pr-24 font-mono text-xs leading-relaxed break-words whitespace-pre-wrap text-slate-800"
      >
        {text}
      </pre>
      <div className="absolute top-1.5 right-1.5">
        <CopyButton value={text} label="Copy" size="sm" variant="ghost" />
      </div>
    </div>
  );
}
