"use client";
import { Check, Copy } from "lucide-react";
import { useState } from "react";
import { Button, type TButtonSize, type TButtonVariant } from "./button";

export function CopyButton({
  value,
  label = "Copy",
  variant = "secondary",
  size = "md",
  className,
}: {
  value: string;
  label?: string;
  variant?: TButtonVariant;
  size?: TButtonSize;
  className?: string;
}) {
  const [copied, setCopied] = useState(false);
  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
    } catch {
      // Clipboard API needs a secure context; fall back to the selection-based copy.
      const el = document.createElement("textarea");
      el.value = value;
      document.body.append(el);
      el.select();
      document.execCommand("copy");
      el.remove();
    }
    setCopied(true);
    setTimeout(() => setCopied(false), 2000);
  }
  return (
    <Button variant={variant} size={size} className={className} onClick={copy} aria-label={copied ? "Copied" : label}>
      {copied ? <Check className="size-4 text-emerald-600" aria-hidden /> : <Copy className="size-4" aria-hidden />}
      {copied ? "Copied" : label}
    </Button>
  );
}

/** A read-only monospace value with a copy button, e.g. a secret or a link. */
export function CopyField({ value, label, id }: { value: string; label: string; id: string }) {
  return (
    <div className="flex gap-2">
      <input
        id={id}
        readOnly
        value={value}
        aria-label={label}
        onFocus={(e) => e.currentTarget.select()}
        className="h-9 min-w-0 flex-1 rounded-lg border border-slate-300 bg-slate-50 px-3 font-mono text-xs text-slate-800 focus:border-indigo-500 focus:ring-3 focus:ring-indigo-500/20 focus:outline-none"
      />
      <CopyButton value={value} label="Copy" />
    </div>
  );
}
