import { formatDateTime, formatRelative } from "~/lib/format";

/** "5 minutes ago", with the exact date and time on hover. */
export function RelativeTime({ value, className }: { value: Date | string; className?: string }) {
  const d = new Date(value);
  return (
    <time dateTime={d.toISOString()} title={formatDateTime(d)} className={className}>
      {formatRelative(d)}
    </time>
  );
}
