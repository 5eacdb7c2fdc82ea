import { Badge, type TBadgeTone } from "~/components/ui/badge";

const TONE: Record<string, TBadgeTone> = { alert: "red", warn: "amber", ok: "green" };
const LABEL: Record<string, string> = { alert: "Alert", warn: "Warning", ok: "OK" };

export function SeverityBadge({ severity }: { severity: string }) {
  return <Badge tone={TONE[severity] ?? "neutral"}>{LABEL[severity] ?? severity}</Badge>;
}

export function StatusBadge({ status }: { status: string }) {
  const tone: TBadgeTone = status === "completed" ? "green" : status === "failed" ? "red" : "indigo";
  return <Badge tone={tone}>{status}</Badge>;
}
