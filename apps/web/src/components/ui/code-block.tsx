import { CopyButton } from "./copy-button";

export function CodeBlock({ code, label }: { code: string; label: string }) {
  return (
    <div className="relative overflow-hidden rounded-lg bg-slate-900 ring-1 ring-slate-800">
      <pre
        aria-label={label}
        className="overflow-x-auto px-4 py-3.5 pr-36 font-mono text-xs leading-relaxed text-slate-100"
      >
        <code>{code}</code>
      </pre>
      <div className="absolute top-2 right-2">
        <CopyButton value={code} label="Copy command" variant="dark" size="sm" />
      </div>
    </div>
  );
}
