import type { ReactNode } from "react";
import { cn } from "~/lib/cn";

export function Card({
  children,
  className,
  tone = "default",
  ...rest
}: {
  children: ReactNode;
  className?: string;
  tone?: "default" | "danger";
  "aria-labelledby"?: string;
}) {
  return (
    <section
      className={cn(
        "rounded-xl border bg-white shadow-xs",
        tone === "danger" ? "border-red-200" : "border-slate-200",
        className,
      )}
      {...rest}
    >
      {children}
    </section>
  );
}

export function CardHeader({
  title,
  description,
  actions,
  id,
  className,
}: {
  title: ReactNode;
  description?: ReactNode;
  actions?: ReactNode;
  id?: string;
  className?: string;
}) {
  return (
    <div
      className={cn("flex flex-wrap items-start justify-between gap-4 border-b border-slate-100 px-5 py-4", className)}
    >
      <div className="min-w-0">
        <h2 id={id} className="text-base font-semibold text-slate-900">
          {title}
        </h2>
        {description && <p className="mt-0.5 text-sm text-slate-500">{description}</p>}
      </div>
      {actions && <div className="flex items-center gap-2">{actions}</div>}
    </div>
  );
}

export function CardBody({ children, className }: { children: ReactNode; className?: string }) {
  return <div className={cn("px-5 py-4", className)}>{children}</div>;
}

export function CardFooter({ children, className }: { children: ReactNode; className?: string }) {
  return (
    <div
      className={cn(
        "flex items-center justify-end gap-3 rounded-b-xl border-t border-slate-100 bg-slate-50/70 px-5 py-3",
        className,
      )}
    >
      {children}
    </div>
  );
}
