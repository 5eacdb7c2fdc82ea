import type { ComponentProps } from "react";
import { cn } from "~/lib/cn";

export const controlClasses =
  "block w-full rounded-lg border bg-white px-3 text-sm text-slate-900 shadow-sm transition placeholder:text-slate-400 focus:outline-none focus:ring-3 disabled:cursor-not-allowed disabled:bg-slate-50 disabled:text-slate-500";

export function controlState(invalid?: boolean) {
  return invalid
    ? "border-red-400 focus:border-red-500 focus:ring-red-500/20"
    : "border-slate-300 focus:border-indigo-500 focus:ring-indigo-500/20";
}

export function Input({ className, invalid, ...props }: ComponentProps<"input"> & { invalid?: boolean }) {
  return (
    <input
      aria-invalid={invalid || undefined}
      className={cn(controlClasses, "h-9", controlState(invalid), className)}
      {...props}
    />
  );
}
