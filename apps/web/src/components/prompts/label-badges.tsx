import { Lock } from "lucide-react";
import { Badge } from "~/components/ui/badge";
import { labelTone, PRODUCTION } from "~/lib/prompts";

export function LabelBadge({ name, version, locked }: { name: string; version?: number; locked?: boolean }) {
  return (
    <Badge tone={labelTone(name)}>
      {locked && name === PRODUCTION && <Lock className="size-3" aria-label="protected" />}
      {name}
      {version !== undefined && <span className="opacity-70">v{version}</span>}
    </Badge>
  );
}
