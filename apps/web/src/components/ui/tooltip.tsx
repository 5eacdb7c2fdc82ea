import { useId, type ReactNode } from "react";

/**
 * Explains why a control is unavailable. Disabled buttons get no pointer events, so the hint
 * hangs off a wrapper and is also exposed as the control's description.
 */
export function Tooltip({ content, children }: { content?: string; children: (describedBy?: string) => ReactNode }) {
  const id = useId();
  if (!content) return <>{children(undefined)}</>;
  return (
    <span className="group relative inline-flex" tabIndex={-1}>
      {children(id)}
      <span
        id={id}
        role="tooltip"
        className="pointer-events-none absolute right-0 bottom-full z-30 mb-2 w-max max-w-64 rounded-md bg-slate-900 px-2.5 py-1.5 text-xs font-normal text-white opacity-0 shadow-lg transition-opacity group-hover:opacity-100 group-focus-within:opacity-100"
      >
        {content}
      </span>
    </span>
  );
}
