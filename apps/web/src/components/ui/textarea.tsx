import type { ComponentProps } from "react";
import { cn } from "~/lib/cn";
import { controlClasses, controlState } from "./input";

export function Textarea({ className, invalid, ...props }: ComponentProps<"textarea"> & { invalid?: boolean }) {
  return (
    <textarea
      aria-invalid={invalid || undefined}
      className={cn(controlClasses, "min-h-20 py-2 leading-relaxed", controlState(invalid), className)}
      {...props}
    />
  );
}
