"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { BellRing, Plus } from "lucide-react";
import { useState } from "react";
import { ProjectFrame } from "~/components/projects/project-frame";
import { RelativeTime } from "~/components/common/relative-time";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { Card, CardHeader } from "~/components/ui/card";
import { EmptyState } from "~/components/ui/empty-state";
import { PageHeader } from "~/components/ui/page-header";
import { ErrorPanel } from "~/components/ui/query-state";
import { TableSkeleton } from "~/components/ui/skeleton";
import { Table, TD, TH, THead, TR } from "~/components/ui/table";
import { useToast } from "~/components/ui/toast";
import { hasRole } from "~/lib/roles";
import { friendlyMessage } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";
import { ChannelsCard } from "./channels-card";
import { CONDITION_TEXT, METRIC_TEXT, RuleDialog } from "./rule-dialog";

export function AlertsPage({ projectId }: { projectId: string }) {
  return (
    <ProjectFrame projectId={projectId} label="alerts">
      {(p, crumbs) => (
        <AlertsBody
          projectId={projectId}
          canEdit={hasRole(p.role, "MEMBER")}
          canAdmin={hasRole(p.role, "ADMIN")}
          crumbs={crumbs({ label: "Alerts" })}
        />
      )}
    </ProjectFrame>
  );
}

const fmtValue = (metric: string, v: number | null) =>
  v === null
    ? "–"
    : ["error_rate", "thumbs_up_rate", "bad_score_share", "pass_rate"].includes(metric)
      ? `${(v * 100).toFixed(1)}%`
      : metric === "cost"
        ? `$${v.toFixed(2)}`
        : metric === "p95_latency_ms"
          ? `${Math.round(v)} ms`
          : Number.isInteger(v)
            ? String(v)
            : v.toFixed(3);

function AlertsBody({
  projectId,
  canEdit,
  canAdmin,
  crumbs,
}: {
  projectId: string;
  canEdit: boolean;
  canAdmin: boolean;
  crumbs: Array<{ label: string; href?: string }>;
}) {
  const trpc = useTRPC();
  const toast = useToast();
  const qc = useQueryClient();
  const [creating, setCreating] = useState(false);
  const rules = useQuery({ ...trpc.alerts.rules.queryOptions({ projectId }), refetchInterval: 10_000 });
  const channels = useQuery(trpc.alerts.channels.queryOptions({ projectId }));
  const events = useQuery({ ...trpc.alerts.events.queryOptions({ projectId }), refetchInterval: 5_000 });
  const refresh = () =>
    Promise.all([
      qc.invalidateQueries({ queryKey: trpc.alerts.rules.queryKey({ projectId }) }),
      qc.invalidateQueries({ queryKey: trpc.alerts.events.queryKey({ projectId }) }),
    ]);
  const testFire = useMutation(
    trpc.alerts.testFire.mutationOptions({
      onSuccess: async (r) => {
        toast.success(`Test notification sent to ${r.deliveries} channel${r.deliveries === 1 ? "" : "s"}`);
        await refresh();
      },
      onError: (e) => toast.error(friendlyMessage(e)),
    }),
  );
  const del = useMutation(
    trpc.alerts.deleteRule.mutationOptions({ onSuccess: refresh, onError: (e) => toast.error(friendlyMessage(e)) }),
  );
  const ack = useMutation(
    trpc.alerts.acknowledge.mutationOptions({ onSuccess: refresh, onError: (e) => toast.error(friendlyMessage(e)) }),
  );
  const channelName = new Map((channels.data ?? []).map((c) => [c.id, c.name]));
  const ruleList = rules.data ?? [];
  return (
    <>
      <PageHeader
        title="Alerts"
        crumbs={crumbs}
        description="Rules over quality, cost, latency, errors, feedback, safety and drift findings, checked every minute on the hourly roll-ups. A firing alert notifies once, then again only after its cooldown."
        actions={
          canEdit && (
            <Button onClick={() => setCreating(true)}>
              <Plus className="size-4" aria-hidden /> New rule
            </Button>
          )
        }
      />
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          <Card aria-labelledby="rules-heading">
            <CardHeader id="rules-heading" title="Rules" />
            {rules.isPending ? (
              <TableSkeleton rows={3} label="Loading rules" />
            ) : rules.isError ? (
              <ErrorPanel error={rules.error} onRetry={() => rules.refetch()} />
            ) : ruleList.length === 0 ? (
              <EmptyState
                icon={BellRing}
                title="No alert rules yet"
                description="For example: pass rate down 3 points vs the trailing week, or p95 latency up 20% without a quality gain."
              />
            ) : (
              <Table label="Alert rules">
                <THead>
                  <TR>
                    <TH>Rule</TH>
                    <TH>State</TH>
                    <TH>Last value</TH>
                    <TH>Channels</TH>
                    <TH />
                  </TR>
                </THead>
                <tbody>
                  {ruleList.map((r) => (
                    <TR key={r.id}>
                      <TD>
                        <div className="font-medium text-slate-900">{r.name}</div>
                        <div className="text-xs text-slate-500">
                          {METRIC_TEXT[r.metric] ?? r.metric}
                          {r.scoreName ? ` (${r.scoreName})` : ""} {CONDITION_TEXT[r.condition] ?? r.condition}{" "}
                          {r.threshold}
                          {r.condition.startsWith("consecutive")
                            ? ` for ${r.periods} ${r.period}s`
                            : ` per ${r.period}`}{" "}
                          · cooldown {r.cooldownMinutes} min
                          {!r.enabled && " · disabled"}
                        </div>
                      </TD>
                      <TD>
                        {r.state === "firing" ? <Badge tone="red">firing</Badge> : <Badge tone="green">ok</Badge>}
                      </TD>
                      <TD className="font-mono text-xs">{fmtValue(r.metric, r.lastValue)}</TD>
                      <TD className="text-xs text-slate-600">
                        {r.channelIds.map((id) => channelName.get(id) ?? "?").join(", ") || "–"}
                      </TD>
                      <TD className="text-right whitespace-nowrap">
                        {canEdit && (
                          <>
                            <Button
                              size="sm"
                              variant="secondary"
                              disabled={testFire.isPending}
                              onClick={() => testFire.mutate({ projectId, ruleId: r.id })}
                            >
                              Test
                            </Button>{" "}
                            <Button size="sm" variant="ghost" onClick={() => del.mutate({ projectId, ruleId: r.id })}>
                              Delete
                            </Button>
                          </>
                        )}
                      </TD>
                    </TR>
                  ))}
                </tbody>
              </Table>
            )}
          </Card>
          <Card aria-labelledby="history-heading">
            <CardHeader
              id="history-heading"
              title="History"
              description="Every firing and test, with its deliveries. Acknowledge to say someone is on it."
            />
            {events.isPending ? (
              <TableSkeleton rows={3} label="Loading history" />
            ) : events.isError ? (
              <ErrorPanel error={events.error} onRetry={() => events.refetch()} />
            ) : (events.data ?? []).length === 0 ? (
              <p className="px-6 pb-6 text-sm text-slate-500">Nothing has fired yet.</p>
            ) : (
              <Table label="Alert history">
                <THead>
                  <TR>
                    <TH>When</TH>
                    <TH>Alert</TH>
                    <TH>Deliveries</TH>
                    <TH />
                  </TR>
                </THead>
                <tbody>
                  {(events.data ?? []).map((e) => (
                    <TR key={e.id}>
                      <TD className="text-xs whitespace-nowrap">
                        <RelativeTime value={e.startedAt} />
                        <div className="mt-1">
                          {e.test ? (
                            <Badge tone="violet">test</Badge>
                          ) : e.status === "firing" ? (
                            <Badge tone="red">firing</Badge>
                          ) : (
                            <Badge>resolved</Badge>
                          )}
                        </div>
                      </TD>
                      <TD>
                        <div className="font-medium text-slate-900">{e.rule.name}</div>
                        <div className="text-xs text-slate-600">{e.message}</div>
                      </TD>
                      <TD className="text-xs">
                        {e.deliveries.length === 0
                          ? "no channel"
                          : e.deliveries.map((d) => (
                              <div key={d.id}>
                                {channelName.get(d.channelId) ?? "deleted channel"}:{" "}
                                <span
                                  className={
                                    d.status === "delivered"
                                      ? "text-emerald-700"
                                      : d.status === "failed"
                                        ? "text-red-700"
                                        : "text-slate-600"
                                  }
                                >
                                  {d.status}
                                  {d.attempts > 1 ? ` after ${d.attempts} attempts` : ""}
                                  {d.error ? ` (${d.error})` : ""}
                                </span>
                              </div>
                            ))}
                      </TD>
                      <TD className="text-right text-xs">
                        {e.acknowledgedAt ? (
                          <span className="text-slate-500">acknowledged</span>
                        ) : (
                          canEdit &&
                          !e.test && (
                            <Button
                              size="sm"
                              variant="secondary"
                              onClick={() => ack.mutate({ projectId, eventId: e.id })}
                            >
                              Acknowledge
                            </Button>
                          )
                        )}
                      </TD>
                    </TR>
                  ))}
                </tbody>
              </Table>
            )}
          </Card>
        </div>
        <div>
          <ChannelsCard projectId={projectId} canAdmin={canAdmin} />
        </div>
      </div>
      <RuleDialog
        projectId={projectId}
        open={creating}
        onClose={() => setCreating(false)}
        channels={channels.data ?? []}
        onCreated={refresh}
      />
    </>
  );
}
