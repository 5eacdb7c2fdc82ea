import { Badge, type TBadgeTone } from "~/components/ui/badge";
import { Table, TD, TH, THead, TR } from "~/components/ui/table";
import { RelativeTime } from "~/components/common/relative-time";
import type { RouterOutputs } from "~/lib/types";

export type TJobRun = RouterOutputs["jobs"]["listRuns"][number];

const STATUS_TONE: Record<TJobRun["status"], TBadgeTone> = {
  queued: "neutral",
  running: "indigo",
  sleeping: "violet",
  completed: "green",
  failed: "red",
  cancelled: "amber",
};

export function formatDuration(ms: number | null): string {
  if (ms === null) return "–";
  if (ms < 1_000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1_000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1_000)} s`;
}

/** Recent runs of one function. */
export function JobRunsTable({ functionId, runs }: { functionId: string; runs: TJobRun[] }) {
  return (
    <Table label={`Runs of ${functionId}`}>
      <THead>
        <tr>
          <TH>Status</TH>
          <TH>Started</TH>
          <TH className="text-right">Attempts</TH>
          <TH className="text-right">Steps</TH>
          <TH className="text-right">Duration</TH>
          <TH>Error</TH>
        </tr>
      </THead>
      <tbody>
        {runs.map((r) => (
          <TR key={r.id}>
            <TD>
              <Badge tone={STATUS_TONE[r.status]}>{r.status}</Badge>
            </TD>
            <TD className="whitespace-nowrap text-slate-500">
              <RelativeTime value={r.startedAt ?? r.createdAt} />
            </TD>
            <TD className="text-right tabular-nums">{r.attempts}</TD>
            <TD className="text-right tabular-nums">{r.steps}</TD>
            <TD className="text-right whitespace-nowrap tabular-nums">{formatDuration(r.durationMs)}</TD>
            <TD className="max-w-md truncate text-red-700" title={r.error ?? undefined}>
              {r.error ?? ""}
            </TD>
          </TR>
        ))}
      </tbody>
    </Table>
  );
}
