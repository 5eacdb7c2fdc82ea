"use client";
import type { ComponentProps } from "react";
import { Input } from "~/components/ui/input";

/**
 * A text filter that applies on Enter or when focus leaves, not on every keystroke. Keyed on the
 * applied value by the caller's `key`, so clearing filters elsewhere resets it.
 */
export function FilterInput({
  value,
  onCommit,
  ...props
}: Omit<ComponentProps<"input">, "value" | "defaultValue" | "onChange"> & {
  value?: string;
  onCommit: (value: string) => void;
}) {
  function commit(v: string) {
    if (v.trim() !== (value ?? "")) onCommit(v.trim());
  }
  return (
    <Input
      key={value ?? ""}
      defaultValue={value ?? ""}
      onBlur={(e) => commit(e.currentTarget.value)}
      onKeyDown={(e) => {
        if (e.key === "Enter") {
          e.preventDefault();
          commit(e.currentTarget.value);
        }
      }}
      className="h-8 text-xs"
      {...props}
    />
  );
}
