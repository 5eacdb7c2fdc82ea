"use client";
import { FilterX } from "lucide-react";
import { useEffect, useState, type ReactNode } from "react";
import { Button } from "~/components/ui/button";
import { Input } from "~/components/ui/input";
import { Select } from "~/components/ui/select";
import { DASHBOARD_RANGE_OPTIONS, type TDashboardParamKey, type TDashboardState } from "~/lib/dashboard-params";

export type TDashboardOptions = {
  environments: string[];
  releases: string[];
  models: string[];
  names: string[];
  prompts: Array<{ promptName: string; promptVersion: number }>;
};

function Slot({ id, label, children }: { id: string; label: string; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <label htmlFor={id} className="mb-1 block text-xs font-medium text-slate-500">
        {label}
      </label>
      {children}
    </div>
  );
}

function Choice({
  id,
  value,
  options,
  anyLabel,
  onChange,
}: {
  id: string;
  value?: string;
  options: string[];
  anyLabel: string;
  onChange: (v: string) => void;
}) {
  const list = value && !options.includes(value) ? [value, ...options] : options;
  return (
    <Select id={id} value={value ?? ""} onChange={(e) => onChange(e.target.value)}>
      <option value="">{anyLabel}</option>
      {list.map((o) => (
        <option key={o} value={o}>
          {o}
        </option>
      ))}
    </Select>
  );
}

/** Text filters apply on blur or Enter, not per keystroke (each change reloads every panel). */
function TextFilter({
  id,
  value,
  placeholder,
  onCommit,
}: {
  id: string;
  value?: string;
  placeholder: string;
  onCommit: (v: string) => void;
}) {
  const [draft, setDraft] = useState(value ?? "");
  useEffect(() => setDraft(value ?? ""), [value]);
  return (
    <Input
      id={id}
      value={draft}
      placeholder={placeholder}
      onChange={(e) => setDraft(e.target.value)}
      onBlur={() => draft !== (value ?? "") && onCommit(draft)}
      onKeyDown={(e) => e.key === "Enter" && onCommit(draft)}
    />
  );
}

const toLocalInput = (iso?: string) => {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};

/** One filter bar for every panel: range, dimensions, tags, user, score threshold, comparison. */
export function DashboardFilterBar({
  state,
  options,
  onChange,
}: {
  state: TDashboardState;
  options?: TDashboardOptions;
  onChange: (patch: Partial<Record<TDashboardParamKey, string | undefined>>) => void;
}) {
  const set = (k: TDashboardParamKey) => (v: string) => onChange({ [k]: v || undefined });
  const prompts = (options?.prompts ?? []).map((p) => `${p.promptName}@${p.promptVersion}`);
  const compareChoices = state.compare === "prompt" ? prompts : (options?.releases ?? []);
  const active = Object.entries(state).some(([k, v]) => v && k !== "range");
  return (
    <div
      className="mb-6 space-y-3 rounded-xl border border-slate-200 bg-white p-4 shadow-xs"
      role="search"
      aria-label="Dashboard filters"
    >
      <div className="grid gap-3 sm:grid-cols-3 lg:grid-cols-6">
        <Slot id="dash-range" label="Time range">
          <Select id="dash-range" value={state.range ?? "7d"} onChange={(e) => set("range")(e.target.value)}>
            {DASHBOARD_RANGE_OPTIONS.map((o) => (
              <option key={o.id} value={o.id}>
                {o.label}
              </option>
            ))}
          </Select>
        </Slot>
        {state.range === "custom" && (
          <>
            <Slot id="dash-from" label="From">
              <Input
                id="dash-from"
                type="datetime-local"
                value={toLocalInput(state.from)}
                onChange={(e) => set("from")(e.target.value ? new Date(e.target.value).toISOString() : "")}
              />
            </Slot>
            <Slot id="dash-to" label="To">
              <Input
                id="dash-to"
                type="datetime-local"
                value={toLocalInput(state.to)}
                onChange={(e) => set("to")(e.target.value ? new Date(e.target.value).toISOString() : "")}
              />
            </Slot>
          </>
        )}
        <Slot id="dash-env" label="Environment">
          <Choice
            id="dash-env"
            value={state.env}
            options={options?.environments ?? []}
            anyLabel="All environments"
            onChange={set("env")}
          />
        </Slot>
        <Slot id="dash-release" label="Release">
          <Choice
            id="dash-release"
            value={state.release}
            options={options?.releases ?? []}
            anyLabel="All releases"
            onChange={set("release")}
          />
        </Slot>
        <Slot id="dash-model" label="Model">
          <Choice
            id="dash-model"
            value={state.model}
            options={options?.models ?? []}
            anyLabel="All models"
            onChange={set("model")}
          />
        </Slot>
        <Slot id="dash-name" label="Trace name">
          <Choice
            id="dash-name"
            value={state.name}
            options={options?.names ?? []}
            anyLabel="All names"
            onChange={set("name")}
          />
        </Slot>
        <Slot id="dash-prompt" label="Prompt version">
          <Choice
            id="dash-prompt"
            value={state.prompt}
            options={prompts}
            anyLabel="All prompts"
            onChange={set("prompt")}
          />
        </Slot>
        <Slot id="dash-tags" label="Tags (all of)">
          <TextFilter id="dash-tags" value={state.tags} placeholder="vip, beta" onCommit={set("tags")} />
        </Slot>
        <Slot id="dash-user" label="User">
          <TextFilter id="dash-user" value={state.user} placeholder="user id" onCommit={set("user")} />
        </Slot>
        <Slot id="dash-threshold" label="Score threshold">
          <TextFilter id="dash-threshold" value={state.threshold} placeholder="0.5" onCommit={set("threshold")} />
        </Slot>
        <Slot id="dash-compare" label="Compare">
          <Select
            id="dash-compare"
            value={state.compare ?? ""}
            onChange={(e) => onChange({ compare: e.target.value || undefined, a: undefined, b: undefined })}
          >
            <option value="">No comparison</option>
            <option value="release">Two releases</option>
            <option value="prompt">Two prompt versions</option>
          </Select>
        </Slot>
        {state.compare && (
          <>
            <Slot id="dash-a" label="Side A">
              <Choice id="dash-a" value={state.a} options={compareChoices} anyLabel="Choose…" onChange={set("a")} />
            </Slot>
            <Slot id="dash-b" label="Side B">
              <Choice id="dash-b" value={state.b} options={compareChoices} anyLabel="Choose…" onChange={set("b")} />
            </Slot>
          </>
        )}
      </div>
      {active && (
        <Button
          variant="ghost"
          size="sm"
          onClick={() => onChange(Object.fromEntries(Object.keys(state).map((k) => [k, undefined])))}
        >
          <FilterX className="size-3.5" aria-hidden /> Clear filters
        </Button>
      )}
    </div>
  );
}
