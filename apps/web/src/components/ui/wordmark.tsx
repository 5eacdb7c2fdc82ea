import { Ruler } from "lucide-react";
import { cn } from "~/lib/cn";

export function Wordmark({ className, size = "md" }: { className?: string; size?: "md" | "lg" }) {
  return (
    <span className={cn("inline-flex items-center gap-2 font-semibold tracking-tight text-slate-900", className)}>
      <span
        className={cn(
          "flex items-center justify-center rounded-lg bg-gradient-to-br from-indigo-500 to-violet-600 text-white shadow-sm",
          size === "lg" ? "size-9" : "size-7",
        )}
      >
        <Ruler className={size === "lg" ? "size-5" : "size-4"} aria-hidden />
      </span>
      <span className={size === "lg" ? "text-xl" : "text-base"}>Yardstick</span>
    </span>
  );
}
