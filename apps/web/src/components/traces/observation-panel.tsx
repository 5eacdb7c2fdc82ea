"use client";
import { CircleAlert } from "lucide-react";
import { useState, type ReactNode } from "react";
import { Badge } from "~/components/ui/badge";
import { Tabs } from "~/components/ui/tabs";
import { formatDateTime } from "~/lib/format";
import { durationMs, formatDuration } from "~/lib/metrics-format";
import type { TObservation, TTraceDetail } from "~/lib/trace-types";
import { ChatView } from "./chat-view";
import { JsonView } from "~/components/common/json-view";
import { ObservationIcon } from "./observation-icon";
import { PromptChip } from "./prompt-chip";
import { UsageTable } from "./usage-table";

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="space-y-2">
      <h3 className="text-xs font-semibold tracking-wide text-slate-500 uppercase">{title}</h3>
      {children}
    </section>
  );
}

const hasKeys = (v: unknown) => typeof v === "object" && v !== null && Object.keys(v).length > 0;

function ObservationPreview({ obs }: { obs: TObservation }) {
  const params = obs.modelParameters && hasKeys(obs.modelParameters) ? Object.entries(obs.modelParameters) : [];
  return (
    <div className="space-y-5">
      {obs.type === "GENERATION" && (
        <Section title="Model">
          <div className="flex flex-wrap items-center gap-1.5">
            {obs.model ? (
              <Badge tone="violet" className="font-mono">
                {obs.model}
              </Badge>
            ) : (
              <span className="text-sm text-slate-400">not recorded</span>
            )}
            {params.map(([k, v]) => (
              <Badge key={k} className="font-mono">
                {k}: {typeof v === "string" ? v : JSON.stringify(v)}
              </Badge>
            ))}
            {obs.promptName && <PromptChip name={obs.promptName} version={obs.promptVersion} />}
          </div>
        </Section>
      )}
      {obs.type === "GENERATION" && (
        <Section title="Usage & cost">
          <UsageTable obs={obs} />
        </Section>
      )}
      <Section title="Input">
        <ChatView value={obs.input} label="Input messages" />
      </Section>
      <Section title="Output">
        <ChatView value={obs.output} label="Output messages" />
      </Section>
      {hasKeys(obs.metadata) && (
        <Section title="Metadata">
          <JsonView value={obs.metadata} label="Metadata" />
        </Section>
      )}
    </div>
  );
}

function TracePreview({ trace }: { trace: TTraceDetail }) {
  return (
    <div className="space-y-5">
      <Section title="Input">
        <ChatView value={trace.input} label="Trace input" />
      </Section>
      <Section title="Output">
        <ChatView value={trace.output} label="Trace output" />
      </Section>
      {hasKeys(trace.metadata) && (
        <Section title="Metadata">
          <JsonView value={trace.metadata} label="Trace metadata" />
        </Section>
      )}
    </div>
  );
}

export function ObservationPanel({ trace, obs }: { trace: TTraceDetail; obs: TObservation | null }) {
  const [tab, setTab] = useState<"preview" | "json">("preview");
  const level = obs?.level;
  const raw = obs ?? (({ observations: _o, scores: _s, feedback: _f, ...t }) => t)(trace);
  return (
    <div className="p-5" aria-label="Observation details" role="region">
      <div className="mb-4 flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <h2 className="flex items-center gap-2 text-base font-semibold text-slate-900">
            <ObservationIcon type={obs?.type ?? "TRACE"} />
            <span className="truncate">{obs ? (obs.name ?? obs.type.toLowerCase()) : (trace.name ?? "Trace")}</span>
          </h2>
          <p className="mt-1 text-xs text-slate-500">
            {obs ? (
              <>
                {obs.type.charAt(0) + obs.type.slice(1).toLowerCase()} · started {formatDateTime(obs.startTime)}
                {obs.endTime && <> · {formatDuration(durationMs(obs.startTime, obs.endTime))}</>}
                {obs.completionStartTime && (
                  <> · first token after {formatDuration(durationMs(obs.startTime, obs.completionStartTime))}</>
                )}
              </>
            ) : (
              <>Trace · {formatDateTime(trace.timestamp)} · input and output of the whole request</>
            )}
          </p>
        </div>
        {level && level !== "DEFAULT" && (
          <Badge tone={level === "ERROR" ? "red" : level === "WARNING" ? "amber" : "neutral"}>{level}</Badge>
        )}
      </div>
      {obs?.statusMessage && (
        <div
          role={level === "ERROR" ? "alert" : undefined}
          className={
            level === "ERROR"
              ? "mb-4 flex gap-2 rounded-lg border border-red-200 bg-red-50 px-3 py-2.5 text-sm text-red-700"
              : "mb-4 flex gap-2 rounded-lg border border-slate-200 bg-slate-50 px-3 py-2.5 text-sm text-slate-700"
          }
        >
          <CircleAlert className="mt-0.5 size-4 shrink-0" aria-hidden />
          <p className="break-words whitespace-pre-wrap">{obs.statusMessage}</p>
        </div>
      )}
      <Tabs
        label="Observation view"
        value={tab}
        onChange={setTab}
        tabs={[
          { id: "preview", label: "Preview" },
          { id: "json", label: "Raw JSON" },
        ]}
      >
        {tab === "json" ? (
          <JsonView value={raw} label={obs ? "Observation JSON" : "Trace JSON"} />
        ) : obs ? (
          <ObservationPreview obs={obs} />
        ) : (
          <TracePreview trace={trace} />
        )}
      </Tabs>
    </div>
  );
}
