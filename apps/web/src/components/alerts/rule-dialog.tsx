"use client";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "~/components/ui/button";
import { Dialog, DialogBody, DialogFooter } from "~/components/ui/dialog";
import { Field, fieldProps } from "~/components/ui/field";
import { FormError } from "~/components/ui/form-error";
import { Input } from "~/components/ui/input";
import { Select } from "~/components/ui/select";
import { formErrors } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";

export const METRIC_TEXT: Record<string, string> = {
  score_mean: "Score mean",
  bad_score_share: "Share of bad scores",
  pass_rate: "Pass rate",
  cost: "Cost (USD)",
  p95_latency_ms: "p95 latency (ms)",
  error_rate: "Error rate",
  thumbs_up_rate: "Thumbs-up rate",
  safety_violations: "Safety violations",
  drift_findings: "Drift findings (alert severity)",
};
export const CONDITION_TEXT: Record<string, string> = {
  above: "above",
  below: "below",
  drop_vs_trailing: "drops vs trailing 7-day average by",
  rise_pct_vs_trailing: "rises vs trailing 7-day average by (%)",
  consecutive_below: "below, consecutive periods,",
  consecutive_above: "above, consecutive periods,",
  rise_pct_no_quality_gain: "rises (%) without a quality gain by",
};
const SCORE = ["score_mean", "bad_score_share", "pass_rate"];
const FIELDS = [
  "name",
  "metric",
  "scoreName",
  "scoreCutoff",
  "condition",
  "threshold",
  "period",
  "periods",
  "cooldownMinutes",
  "channelIds",
] as const;

export function RuleDialog({
  projectId,
  open,
  onClose,
  channels,
  onCreated,
}: {
  projectId: string;
  open: boolean;
  onClose: () => void;
  channels: Array<{ id: string; name: string }>;
  onCreated: () => Promise<unknown>;
}) {
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title="New alert rule"
      description="Rates are fractions (0.03 = 3 points); “rises by” is in percent."
    >
      <RuleForm projectId={projectId} onClose={onClose} channels={channels} onCreated={onCreated} />
    </Dialog>
  );
}

function RuleForm({
  projectId,
  onClose,
  channels,
  onCreated,
}: {
  projectId: string;
  onClose: () => void;
  channels: Array<{ id: string; name: string }>;
  onCreated: () => Promise<unknown>;
}) {
  const trpc = useTRPC();
  const scoreNames = useQuery(trpc.alerts.scoreNames.queryOptions({ projectId }));
  const [v, setV] = useState({
    name: "",
    metric: "error_rate",
    scoreName: "",
    scoreCutoff: "",
    condition: "above",
    threshold: "",
    period: "hour",
    periods: "2",
    cooldownMinutes: "60",
    channelIds: [] as string[],
  });
  const create = useMutation(
    trpc.alerts.createRule.mutationOptions({
      onSuccess: async () => {
        await onCreated();
        onClose();
      },
    }),
  );
  const errs = formErrors(create.error, FIELDS);
  const isScore = SCORE.includes(v.metric);
  // "without a quality gain" needs the score whose gain would excuse a latency or cost rise
  const needsScore = isScore || v.condition === "rise_pct_no_quality_gain";
  const num = (s: string) => (s.trim() === "" || Number.isNaN(Number(s)) ? s : Number(s));
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        create.mutate({
          projectId,
          name: v.name,
          metric: v.metric as "error_rate",
          scoreName: needsScore ? v.scoreName || null : null,
          scoreCutoff: isScore && v.scoreCutoff.trim() !== "" ? (num(v.scoreCutoff) as number) : null,
          condition: v.condition as "above",
          // sent as typed: the server answers "Threshold must be a number" for anything else
          threshold: num(v.threshold) as number,
          period: v.period as "hour",
          periods: num(v.periods) as number,
          cooldownMinutes: num(v.cooldownMinutes) as number,
          channelIds: v.channelIds,
        });
      }}
    >
      <DialogBody className="space-y-4">
        <Field id="rule-name" label="Name" error={errs.fields.name}>
          <Input
            {...fieldProps("rule-name", errs.fields.name)}
            data-autofocus
            value={v.name}
            onChange={(e) => setV({ ...v, name: e.target.value })}
          />
        </Field>
        <div className="grid grid-cols-2 gap-3">
          <Field id="rule-metric" label="Metric" error={errs.fields.metric}>
            <Select id="rule-metric" value={v.metric} onChange={(e) => setV({ ...v, metric: e.target.value })}>
              {Object.entries(METRIC_TEXT).map(([k, l]) => (
                <option key={k} value={k}>
                  {l}
                </option>
              ))}
            </Select>
          </Field>
          <Field id="rule-condition" label="Condition" error={errs.fields.condition}>
            <Select id="rule-condition" value={v.condition} onChange={(e) => setV({ ...v, condition: e.target.value })}>
              {Object.entries(CONDITION_TEXT).map(([k, l]) => (
                <option key={k} value={k}>
                  {l}
                </option>
              ))}
            </Select>
          </Field>
        </div>
        {needsScore && (
          <div className="grid grid-cols-2 gap-3">
            <Field id="rule-score" label={isScore ? "Score" : "Quality score"} error={errs.fields.scoreName}>
              <Input
                {...fieldProps("rule-score", errs.fields.scoreName)}
                list="rule-score-names"
                value={v.scoreName}
                onChange={(e) => setV({ ...v, scoreName: e.target.value })}
              />
              <datalist id="rule-score-names">
                {(scoreNames.data ?? []).map((n) => (
                  <option key={n} value={n} />
                ))}
              </datalist>
            </Field>
            {isScore && (
              <Field id="rule-cutoff" label="Pass at ≥" hint="default 0.5" error={errs.fields.scoreCutoff}>
                <Input
                  {...fieldProps("rule-cutoff", errs.fields.scoreCutoff)}
                  value={v.scoreCutoff}
                  onChange={(e) => setV({ ...v, scoreCutoff: e.target.value })}
                />
              </Field>
            )}
          </div>
        )}
        <div className="grid grid-cols-3 gap-3">
          <Field id="rule-threshold" label="Threshold" error={errs.fields.threshold}>
            <Input
              {...fieldProps("rule-threshold", errs.fields.threshold)}
              value={v.threshold}
              onChange={(e) => setV({ ...v, threshold: e.target.value })}
            />
          </Field>
          <Field id="rule-period" label="Period" error={errs.fields.period}>
            <Select id="rule-period" value={v.period} onChange={(e) => setV({ ...v, period: e.target.value })}>
              <option value="hour">hour</option>
              <option value="day">day (24 h)</option>
            </Select>
          </Field>
          <Field id="rule-cooldown" label="Cooldown (min)" error={errs.fields.cooldownMinutes}>
            <Input
              {...fieldProps("rule-cooldown", errs.fields.cooldownMinutes)}
              value={v.cooldownMinutes}
              onChange={(e) => setV({ ...v, cooldownMinutes: e.target.value })}
            />
          </Field>
        </div>
        {v.condition.startsWith("consecutive") && (
          <Field id="rule-periods" label="Consecutive periods" error={errs.fields.periods}>
            <Input
              {...fieldProps("rule-periods", errs.fields.periods)}
              value={v.periods}
              onChange={(e) => setV({ ...v, periods: e.target.value })}
            />
          </Field>
        )}
        <fieldset>
          <legend className="mb-1.5 text-sm font-medium text-slate-700">Channels</legend>
          {channels.length === 0 && (
            <p className="text-xs text-slate-500">No channel yet: add one on the right (admins).</p>
          )}
          {channels.map((c) => (
            <label key={c.id} className="mr-4 inline-flex items-center gap-1.5 text-sm">
              <input
                type="checkbox"
                checked={v.channelIds.includes(c.id)}
                onChange={(e) =>
                  setV({
                    ...v,
                    channelIds: e.target.checked ? [...v.channelIds, c.id] : v.channelIds.filter((x) => x !== c.id),
                  })
                }
              />
              {c.name}
            </label>
          ))}
        </fieldset>
        <FormError>{errs.form}</FormError>
      </DialogBody>
      <DialogFooter>
        <Button type="button" variant="ghost" onClick={onClose}>
          Cancel
        </Button>
        <Button type="submit" disabled={create.isPending}>
          {create.isPending ? "Creating…" : "Create rule"}
        </Button>
      </DialogFooter>
    </form>
  );
}
