"use client";
import { useQuery } from "@tanstack/react-query";
import { FilterX, TriangleAlert } from "lucide-react";
import type { ReactNode } from "react";
import { Button } from "~/components/ui/button";
import { Input } from "~/components/ui/input";
import { Select } from "~/components/ui/select";
import { cn } from "~/lib/cn";
import { activeFilterCount, rangeOf, type TFilterKey, type TFilterState } from "~/lib/trace-filters";
import { useTRPC } from "~/trpc/react";
import { FilterInput } from "./filter-input";
import { TimeRangeSelect } from "~/components/common/time-range-select";

function Slot({
  id,
  label,
  children,
  className,
}: {
  id: string;
  label: string;
  children: ReactNode;
  className?: string;
}) {
  return (
    <div className={cn("min-w-0", className)}>
      <label htmlFor={id} className="mb-1 block text-xs font-medium text-slate-500">
        {label}
      </label>
      {children}
    </div>
  );
}

function OptionSelect({
  id,
  value,
  options,
  onChange,
  anyLabel,
}: {
  id: string;
  value?: string;
  options: string[] | undefined;
  onChange: (v: string) => void;
  anyLabel: string;
}) {
  // Keep a value from the URL selectable even when it is not among the recent options.
  const list = value && options && !options.includes(value) ? [value, ...options] : (options ?? (value ? [value] : []));
  return (
    <Select
      id={id}
      value={value ?? ""}
      onChange={(e) => onChange(e.target.value)}
      className="[&_select]:h-8 [&_select]:text-xs"
    >
      <option value="">{anyLabel}</option>
      {list.map((o) => (
        <option key={o} value={o}>
          {o}
        </option>
      ))}
    </Select>
  );
}

export function TraceFilterBar({
  projectId,
  state,
  onChange,
}: {
  projectId: string;
  state: TFilterState;
  onChange: (patch: Partial<Record<TFilterKey, string | undefined>>) => void;
}) {
  const trpc = useTRPC();
  const options = useQuery(trpc.traces.filterOptions.queryOptions({ projectId }, { staleTime: 60_000 }));
  const range = rangeOf(state);
  const active = activeFilterCount(state);
  const set = (key: TFilterKey) => (v: string) => onChange({ [key]: v || undefined });
  const o = options.data;

  return (
    <section aria-label="Filters" className="mb-4 rounded-xl border border-slate-200 bg-white p-4 shadow-xs">
      <div className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6">
        <Slot id="f-range" label="Time range">
          <TimeRangeSelect
            id="f-range"
            value={range}
            allowCustom
            className="[&_select]:h-8 [&_select]:text-xs"
            onChange={(r) => onChange(r === "custom" ? { range: r } : { range: r, from: undefined, to: undefined })}
          />
        </Slot>
        {range === "custom" && (
          <>
            <Slot id="f-from" label="From">
              <Input
                id="f-from"
                type="datetime-local"
                className="h-8 text-xs"
                value={state.from ?? ""}
                onChange={(e) => onChange({ from: e.target.value || undefined })}
              />
            </Slot>
            <Slot id="f-to" label="To">
              <Input
                id="f-to"
                type="datetime-local"
                className="h-8 text-xs"
                value={state.to ?? ""}
                onChange={(e) => onChange({ to: e.target.value || undefined })}
              />
            </Slot>
          </>
        )}
        <Slot id="f-name" label="Name">
          <OptionSelect id="f-name" value={state.name} options={o?.names} onChange={set("name")} anyLabel="Any" />
        </Slot>
        <Slot id="f-env" label="Environment">
          <OptionSelect id="f-env" value={state.env} options={o?.environments} onChange={set("env")} anyLabel="Any" />
        </Slot>
        <Slot id="f-release" label="Release">
          <OptionSelect
            id="f-release"
            value={state.release}
            options={o?.releases}
            onChange={set("release")}
            anyLabel="Any"
          />
        </Slot>
        <Slot id="f-model" label="Model">
          <OptionSelect id="f-model" value={state.model} options={o?.models} onChange={set("model")} anyLabel="Any" />
        </Slot>
        <Slot id="f-prompt" label="Prompt">
          <OptionSelect
            id="f-prompt"
            value={state.prompt}
            options={o?.prompts.map((p) => p.name)}
            onChange={(v) => onChange({ prompt: v || undefined, promptVersion: undefined })}
            anyLabel="Any"
          />
        </Slot>
        {state.prompt && (
          <Slot id="f-prompt-version" label="Prompt version">
            <OptionSelect
              id="f-prompt-version"
              value={state.promptVersion}
              options={o?.prompts.find((p) => p.name === state.prompt)?.versions.map(String)}
              onChange={set("promptVersion")}
              anyLabel="Any version"
            />
          </Slot>
        )}
        <Slot id="f-user" label="User ID">
          <FilterInput id="f-user" value={state.user} onCommit={set("user")} placeholder="user-123" />
        </Slot>
        <Slot id="f-session" label="Session ID">
          <FilterInput id="f-session" value={state.session} onCommit={set("session")} placeholder="session id" />
        </Slot>
        <Slot id="f-tags" label="Tags (all of)">
          <FilterInput id="f-tags" value={state.tags} onCommit={set("tags")} placeholder="prod, beta" />
        </Slot>
        <Slot id="f-latency" label="Min latency (ms)">
          <FilterInput
            id="f-latency"
            type="number"
            min={0}
            value={state.minLatency}
            onCommit={set("minLatency")}
            placeholder="e.g. 2000"
          />
        </Slot>
        <Slot id="f-cost" label="Min cost ($)">
          <FilterInput
            id="f-cost"
            type="number"
            min={0}
            step="any"
            value={state.minCost}
            onCommit={set("minCost")}
            placeholder="e.g. 0.01"
          />
        </Slot>
        <Slot id="f-score" label="Score">
          <OptionSelect
            id="f-score"
            value={state.score}
            options={o?.scoreNames}
            onChange={(v) =>
              onChange(v ? { score: v } : { score: undefined, scoreMin: undefined, scoreMax: undefined })
            }
            anyLabel="Any"
          />
        </Slot>
        {state.score && (
          <>
            <Slot id="f-score-min" label="Score ≥">
              <FilterInput
                id="f-score-min"
                type="number"
                step="any"
                value={state.scoreMin}
                onCommit={set("scoreMin")}
                placeholder="min"
              />
            </Slot>
            <Slot id="f-score-max" label="Score ≤">
              <FilterInput
                id="f-score-max"
                type="number"
                step="any"
                value={state.scoreMax}
                onCommit={set("scoreMax")}
                placeholder="max"
              />
            </Slot>
          </>
        )}
      </div>
      <div className="mt-3 flex flex-wrap items-center justify-between gap-3 border-t border-slate-100 pt-3">
        <label className="inline-flex cursor-pointer items-center gap-2 text-sm text-slate-700">
          <input
            type="checkbox"
            className="size-4"
            checked={state.errors === "1"}
            onChange={(e) => onChange({ errors: e.target.checked ? "1" : undefined })}
          />
          <TriangleAlert className="size-4 text-red-500" aria-hidden />
          Errors only
        </label>
        <div className="flex items-center gap-3">
          {options.isError && <span className="text-xs text-slate-500">Filter suggestions unavailable</span>}
          {(active > 0 || state.range || state.from || state.to) && (
            <Button
              variant="ghost"
              size="sm"
              onClick={() =>
                onChange(
                  Object.fromEntries(
                    Object.keys(state)
                      .filter((k) => k !== "sort" && k !== "order" && k !== "group")
                      .map((k) => [k, undefined]),
                  ),
                )
              }
            >
              <FilterX className="size-3.5" aria-hidden />
              Clear filters{active > 0 ? ` (${active})` : ""}
            </Button>
          )}
        </div>
      </div>
    </section>
  );
}
