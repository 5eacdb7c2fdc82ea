"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "~/components/ui/button";
import { Card, CardBody, CardHeader } from "~/components/ui/card";
import { Field, fieldProps } from "~/components/ui/field";
import { FormError } from "~/components/ui/form-error";
import { Input } from "~/components/ui/input";
import { Select } from "~/components/ui/select";
import { Skeleton } from "~/components/ui/skeleton";
import { useToast } from "~/components/ui/toast";
import { formErrors } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";

const FIELDS = ["cron", "windowHours", "referenceHours", "baselineMode", "badScoreThreshold", "sampleSize"] as const;

export function DriftSettingsCard({ projectId, canEdit }: { projectId: string; canEdit: boolean }) {
  const trpc = useTRPC();
  const settings = useQuery(trpc.drift.settings.queryOptions({ projectId }));
  return (
    <Card aria-labelledby="drift-settings-heading">
      <CardHeader
        id="drift-settings-heading"
        title="Schedule and windows"
        description={
          settings.data?.saved
            ? settings.data.enabled
              ? `Next report ${settings.data.nextRunAt ? new Date(settings.data.nextRunAt).toISOString().slice(0, 16).replace("T", " ") + " UTC" : "–"}`
              : "Scheduled reports are off"
            : "Not scheduled yet: save to run reports on this schedule"
        }
      />
      <CardBody>
        {settings.isPending || !settings.data ? (
          <Skeleton className="h-48" />
        ) : (
          <SettingsForm
            projectId={projectId}
            canEdit={canEdit}
            initial={settings.data}
            key={String(settings.dataUpdatedAt)}
          />
        )}
      </CardBody>
    </Card>
  );
}

type TSettings = {
  saved: boolean;
  enabled: boolean;
  cron: string;
  windowHours: number;
  referenceHours: number;
  baselineMode: string;
  badScoreThreshold: number | null;
  sampleSize: number;
};

function SettingsForm({ projectId, canEdit, initial }: { projectId: string; canEdit: boolean; initial: TSettings }) {
  const trpc = useTRPC();
  const toast = useToast();
  const qc = useQueryClient();
  const [v, setV] = useState({
    enabled: initial.saved ? initial.enabled : true,
    cron: initial.cron,
    windowHours: String(initial.windowHours),
    referenceHours: String(initial.referenceHours),
    baselineMode: initial.baselineMode,
    badScoreThreshold: initial.badScoreThreshold === null ? "" : String(initial.badScoreThreshold),
    sampleSize: String(initial.sampleSize),
  });
  const save = useMutation(
    trpc.drift.updateSettings.mutationOptions({
      onSuccess: async () => {
        await qc.invalidateQueries({ queryKey: trpc.drift.settings.queryKey({ projectId }) });
        toast.success("Drift settings saved");
      },
    }),
  );
  const errs = formErrors(save.error, FIELDS);
  const num = (s: string) => (s.trim() === "" ? Number.NaN : Number(s));
  return (
    <form
      className="space-y-4"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate({
          projectId,
          enabled: v.enabled,
          cron: v.cron,
          windowHours: num(v.windowHours),
          referenceHours: num(v.referenceHours),
          baselineMode: v.baselineMode as "golden" | "reference",
          badScoreThreshold: v.badScoreThreshold.trim() === "" ? null : num(v.badScoreThreshold),
          sampleSize: num(v.sampleSize),
        });
      }}
    >
      <Field
        id="drift-cron"
        label="Schedule (cron, UTC)"
        hint="e.g. 0 6 * * * — every day at 06:00"
        error={errs.fields.cron}
      >
        <Input
          {...fieldProps("drift-cron", errs.fields.cron)}
          value={v.cron}
          disabled={!canEdit}
          onChange={(e) => setV({ ...v, cron: e.target.value })}
        />
      </Field>
      <div className="grid grid-cols-2 gap-3">
        <Field id="drift-window" label="Report window (h)" error={errs.fields.windowHours}>
          <Input
            {...fieldProps("drift-window", errs.fields.windowHours)}
            inputMode="numeric"
            value={v.windowHours}
            disabled={!canEdit}
            onChange={(e) => setV({ ...v, windowHours: e.target.value })}
          />
        </Field>
        <Field id="drift-ref" label="Reference (h before)" error={errs.fields.referenceHours}>
          <Input
            {...fieldProps("drift-ref", errs.fields.referenceHours)}
            inputMode="numeric"
            value={v.referenceHours}
            disabled={!canEdit}
            onChange={(e) => setV({ ...v, referenceHours: e.target.value })}
          />
        </Field>
      </div>
      <Field id="drift-baseline" label="Quality baseline" error={errs.fields.baselineMode}>
        <Select
          id="drift-baseline"
          value={v.baselineMode}
          disabled={!canEdit}
          onChange={(e) => setV({ ...v, baselineMode: e.target.value })}
        >
          <option value="golden">Golden set at the last deploy (latest run on the golden partition)</option>
          <option value="reference">Reference window</option>
        </Select>
      </Field>
      <div className="grid grid-cols-2 gap-3">
        <Field
          id="drift-bad"
          label="Bad score ≤"
          hint="Empty: ≤ 2 on 1–5, < 0.5 on 0–1"
          error={errs.fields.badScoreThreshold}
        >
          <Input
            {...fieldProps("drift-bad", errs.fields.badScoreThreshold)}
            value={v.badScoreThreshold}
            disabled={!canEdit}
            onChange={(e) => setV({ ...v, badScoreThreshold: e.target.value })}
          />
        </Field>
        <Field id="drift-sample" label="Traces sampled" error={errs.fields.sampleSize}>
          <Input
            {...fieldProps("drift-sample", errs.fields.sampleSize)}
            inputMode="numeric"
            value={v.sampleSize}
            disabled={!canEdit}
            onChange={(e) => setV({ ...v, sampleSize: e.target.value })}
          />
        </Field>
      </div>
      <label className="flex items-center gap-2 text-sm text-slate-700">
        <input
          type="checkbox"
          checked={v.enabled}
          disabled={!canEdit}
          onChange={(e) => setV({ ...v, enabled: e.target.checked })}
        />{" "}
        Run on the schedule
      </label>
      <FormError>{errs.form}</FormError>
      {canEdit && (
        <Button type="submit" disabled={save.isPending}>
          {save.isPending ? "Saving…" : "Save settings"}
        </Button>
      )}
    </form>
  );
}
