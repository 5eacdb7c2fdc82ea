import { cn } from "~/lib/cn";
import { safeParts } from "~/lib/prompts";

/** A template with its `{{variables}}` highlighted. */
export function TemplateText({ text, className }: { text: string; className?: string }) {
  const parts = safeParts(text);
  return (
    <pre className={cn("font-mono text-xs leading-relaxed break-words whitespace-pre-wrap text-slate-800", className)}>
      {parts
        ? parts.map((p, i) =>
            p.type === "text" ? (
              <span key={i}>{p.value}</span>
            ) : (
              <mark
                key={i}
                className="rounded bg-violet-100 px-0.5 font-semibold text-violet-800 ring-1 ring-violet-200"
              >
                {`{{${p.name}}}`}
              </mark>
            ),
          )
        : text}
    </pre>
  );
}

export function VariableChips({ names, empty = "No variables" }: { names: string[]; empty?: string }) {
  if (names.length === 0) return <span className="text-xs text-slate-400">{empty}</span>;
  return (
    <span className="flex flex-wrap gap-1">
      {names.map((n) => (
        <code
          key={n}
          className="rounded bg-violet-50 px-1.5 py-0.5 font-mono text-xs text-violet-700 ring-1 ring-violet-200"
        >
          {`{{${n}}}`}
        </code>
      ))}
    </span>
  );
}
