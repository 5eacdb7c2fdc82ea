import type { ComponentProps, ReactNode } from "react";
import { cn } from "~/lib/cn";

export function Table({ children, label, className }: { children: ReactNode; label: string; className?: string }) {
  return (
    // `relative`: absolutely positioned cells' content (an sr-only header) is clipped by this
    // scroller; without it, it hung past the viewport and the whole page scrolled sideways.
    <div className={cn("relative overflow-x-auto", className)}>
      <table aria-label={label} className="w-full border-collapse text-left text-sm">
        {children}
      </table>
    </div>
  );
}

export function THead({ children }: { children: ReactNode }) {
  return (
    <thead className="border-b border-slate-200 bg-slate-50/70 text-xs font-medium tracking-wide text-slate-500 uppercase">
      {children}
    </thead>
  );
}

export function TH({ className, ...props }: ComponentProps<"th">) {
  return <th scope="col" className={cn("px-5 py-2.5 font-medium", className)} {...props} />;
}

export function TR({ className, ...props }: ComponentProps<"tr">) {
  return <tr className={cn("border-b border-slate-100 last:border-0", className)} {...props} />;
}

export function TD({ className, ...props }: ComponentProps<"td">) {
  return <td className={cn("px-5 py-3 align-middle text-slate-700", className)} {...props} />;
}
