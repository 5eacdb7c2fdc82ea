"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { CalendarClock, Plus, Trash2 } from "lucide-react";
import { useState, type FormEvent } from "react";
import { Button } from "~/components/ui/button";
import { Card, CardHeader } from "~/components/ui/card";
import { ConfirmDialog } from "~/components/ui/confirm-dialog";
import { Dialog, DialogBody, DialogFooter } from "~/components/ui/dialog";
import { EmptyState } from "~/components/ui/empty-state";
import { Field, fieldProps } from "~/components/ui/field";
import { FormError } from "~/components/ui/form-error";
import { Input } from "~/components/ui/input";
import { ErrorPanel } from "~/components/ui/query-state";
import { Select } from "~/components/ui/select";
import { TableSkeleton } from "~/components/ui/skeleton";
import { Table, TD, TH, THead, TR } from "~/components/ui/table";
import { useToast } from "~/components/ui/toast";
import { formatDateTime } from "~/lib/format";
import { formErrors, friendlyMessage } from "~/lib/trpc-errors";
import type { RouterOutputs } from "~/lib/types";
import { useTRPC } from "~/trpc/react";
import { VerdictBadge } from "./format";

type TSchedule = RouterOutputs["experiments"]["schedules"][number];

function LastVerdict({ projectId, runId }: { projectId: string; runId: string | null }) {
  const trpc = useTRPC();
  const run = useQuery({
    ...trpc.experiments.get.queryOptions({ projectId, runId: runId ?? "" }),
    enabled: Boolean(runId),
  });
  if (!runId) return <span className="text-slate-400">never ran</span>;
  return (
    <Link href={`/projects/${projectId}/experiments/${runId}`} className="hover:underline">
      {run.data ? run.data.verdict ? <VerdictBadge verdict={run.data.verdict} /> : run.data.status : "…"}
    </Link>
  );
}

const FIELDS = ["name", "datasetId", "promptId", "promptLabel", "graders", "cron"] as const;

function CreateScheduleDialog({ projectId, open, onClose }: { projectId: string; open: boolean; onClose: () => void }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const toast = useToast();
  const datasets = useQuery(trpc.datasets.list.queryOptions({ projectId }));
  const prompts = useQuery(trpc.prompts.list.queryOptions({ projectId }));
  const graders = useQuery(trpc.graders.list.queryOptions({ projectId }));
  const [name, setName] = useState("");
  const [datasetId, setDatasetId] = useState("");
  const [promptId, setPromptId] = useState("");
  const [promptLabel, setPromptLabel] = useState("production");
  const [graderIds, setGraderIds] = useState<string[]>([]);
  const [cron, setCron] = useState("0 6 * * *");
  const create = useMutation(
    trpc.experiments.createSchedule.mutationOptions({
      onSuccess: async () => {
        await qc.invalidateQueries({ queryKey: trpc.experiments.schedules.queryKey({ projectId }) });
        toast.success("Schedule created");
        onClose();
      },
    }),
  );
  const errors = formErrors(create.error, FIELDS);
  const prompt = prompts.data?.find((p) => p.id === promptId);
  function onSubmit(e: FormEvent) {
    e.preventDefault();
    create.mutate({
      projectId,
      name,
      datasetId,
      promptId,
      promptLabel,
      cron,
      graders: graderIds.map((graderId) => ({ graderId, thresholdMetric: "passRate" as const })),
    });
  }
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title="New schedule"
      description="Runs a prompt label over the dataset's latest version on a cron schedule (UTC)."
    >
      <form onSubmit={onSubmit} noValidate>
        <DialogBody className="space-y-4">
          <Field id="s-name" label="Name" error={errors.fields.name}>
            <Input
              {...fieldProps("s-name", errors.fields.name)}
              value={name}
              onChange={(e) => setName(e.target.value)}
              data-autofocus
            />
          </Field>
          <Field id="s-dataset" label="Dataset" error={errors.fields.datasetId}>
            <Select
              {...fieldProps("s-dataset", errors.fields.datasetId)}
              value={datasetId}
              onChange={(e) => setDatasetId(e.target.value)}
            >
              <option value="">Choose a dataset</option>
              {datasets.data?.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name}
                </option>
              ))}
            </Select>
          </Field>
          <div className="grid grid-cols-2 gap-3">
            <Field id="s-prompt" label="Prompt" error={errors.fields.promptId}>
              <Select
                {...fieldProps("s-prompt", errors.fields.promptId)}
                value={promptId}
                onChange={(e) => setPromptId(e.target.value)}
              >
                <option value="">Choose a prompt</option>
                {prompts.data?.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
              </Select>
            </Field>
            <Field
              id="s-label"
              label="Label"
              error={errors.fields.promptLabel}
              hint={prompt ? `Labels: ${prompt.labels.map((l) => l.name).join(", ") || "none yet"}` : undefined}
            >
              <Input
                {...fieldProps("s-label", errors.fields.promptLabel)}
                value={promptLabel}
                onChange={(e) => setPromptLabel(e.target.value)}
              />
            </Field>
          </div>
          <fieldset>
            <legend className="mb-1.5 text-sm font-medium text-slate-700">Graders</legend>
            <div className="flex flex-wrap gap-3">
              {graders.data?.map((g) => (
                <label key={g.id} className="flex items-center gap-1.5 text-sm text-slate-700">
                  <input
                    type="checkbox"
                    checked={graderIds.includes(g.id)}
                    onChange={(e) =>
                      setGraderIds((ids) => (e.target.checked ? [...ids, g.id] : ids.filter((x) => x !== g.id)))
                    }
                  />
                  <span className="font-mono text-xs">{g.name}</span>
                </label>
              ))}
            </div>
            {errors.fields.graders && <p className="mt-1.5 text-sm text-red-600">{errors.fields.graders}</p>}
          </fieldset>
          <Field
            id="s-cron"
            label="Cron (UTC)"
            hint="minute hour day month weekday — e.g. 0 6 * * * is every day at 06:00"
            error={errors.fields.cron}
          >
            <Input
              {...fieldProps("s-cron", errors.fields.cron)}
              className="font-mono"
              value={cron}
              onChange={(e) => setCron(e.target.value)}
            />
          </Field>
          <FormError>{errors.form}</FormError>
        </DialogBody>
        <DialogFooter>
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending}>
            Create schedule
          </Button>
        </DialogFooter>
      </form>
    </Dialog>
  );
}

function ScheduleRow({
  projectId,
  s,
  datasetName,
  promptName,
  canEdit,
}: {
  projectId: string;
  s: TSchedule;
  datasetName: string;
  promptName: string;
  canEdit: boolean;
}) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const toast = useToast();
  const [confirm, setConfirm] = useState(false);
  const refresh = () => qc.invalidateQueries({ queryKey: trpc.experiments.schedules.queryKey({ projectId }) });
  const update = useMutation(
    trpc.experiments.updateSchedule.mutationOptions({
      onSuccess: refresh,
      onError: (e) => toast.error(friendlyMessage(e)),
    }),
  );
  const del = useMutation(
    trpc.experiments.deleteSchedule.mutationOptions({
      onSuccess: async () => {
        await refresh();
        toast.success("Schedule deleted");
        setConfirm(false);
      },
    }),
  );
  return (
    <TR>
      <TD className="font-medium text-slate-900">{s.name}</TD>
      <TD>{datasetName}</TD>
      <TD className="font-mono text-xs">
        {promptName} @ {s.promptLabel}
      </TD>
      <TD className="font-mono text-xs whitespace-nowrap">{s.cron}</TD>
      <TD className="text-xs whitespace-nowrap text-slate-500">
        {s.enabled && s.nextRunAt ? formatDateTime(s.nextRunAt) : "—"}
      </TD>
      <TD>
        <LastVerdict projectId={projectId} runId={s.lastRunId} />
      </TD>
      <TD>
        <label className="flex items-center gap-1.5 text-sm text-slate-700">
          <input
            type="checkbox"
            checked={s.enabled}
            disabled={!canEdit || update.isPending}
            onChange={(e) => update.mutate({ projectId, scheduleId: s.id, enabled: e.target.checked })}
            aria-label={`Enable ${s.name}`}
          />
          {s.enabled ? "On" : "Off"}
        </label>
      </TD>
      <TD className="text-right">
        {canEdit && (
          <Button variant="ghost" size="icon" aria-label={`Delete ${s.name}`} onClick={() => setConfirm(true)}>
            <Trash2 className="size-4" aria-hidden />
          </Button>
        )}
        <ConfirmDialog
          open={confirm}
          onClose={() => setConfirm(false)}
          title={`Delete schedule "${s.name}"?`}
          description="Runs it already started stay; no new ones start."
          confirmLabel="Delete schedule"
          pending={del.isPending}
          error={del.error ? friendlyMessage(del.error) : undefined}
          onConfirm={() => del.mutate({ projectId, scheduleId: s.id })}
        />
      </TD>
    </TR>
  );
}

export function SchedulesCard({ projectId, canEdit }: { projectId: string; canEdit: boolean }) {
  const trpc = useTRPC();
  const [open, setOpen] = useState(false);
  const schedules = useQuery(trpc.experiments.schedules.queryOptions({ projectId }));
  const datasets = useQuery(trpc.datasets.list.queryOptions({ projectId }));
  const prompts = useQuery(trpc.prompts.list.queryOptions({ projectId }));
  const newButton = canEdit ? (
    <Button variant="secondary" size="sm" onClick={() => setOpen(true)}>
      <Plus className="size-3.5" aria-hidden />
      New schedule
    </Button>
  ) : undefined;
  return (
    <Card className="overflow-hidden" aria-labelledby="schedules-title">
      <CardHeader
        id="schedules-title"
        title="Schedules"
        description="Recurring runs of a prompt label over a dataset's latest version: catch drift before users do."
        actions={schedules.data && schedules.data.length > 0 ? newButton : undefined}
      />
      {schedules.isPending && <TableSkeleton rows={2} label="Loading schedules" />}
      {schedules.isError && (
        <div className="p-5">
          <ErrorPanel error={schedules.error} onRetry={() => void schedules.refetch()} />
        </div>
      )}
      {schedules.data?.length === 0 && (
        <EmptyState
          icon={CalendarClock}
          title="No schedules"
          description="Schedule a nightly run of your production prompt to see when a model update moves its scores."
          action={newButton}
        />
      )}
      {schedules.data && schedules.data.length > 0 && (
        <Table label="Schedules">
          <THead>
            <tr>
              <TH>Name</TH>
              <TH>Dataset</TH>
              <TH>Prompt label</TH>
              <TH className="whitespace-nowrap">Cron (UTC)</TH>
              <TH>Next run</TH>
              <TH>Last verdict</TH>
              <TH>Enabled</TH>
              <TH className="text-right">
                <span className="sr-only">Actions</span>
              </TH>
            </tr>
          </THead>
          <tbody>
            {schedules.data.map((s) => (
              <ScheduleRow
                key={s.id}
                projectId={projectId}
                s={s}
                canEdit={canEdit}
                datasetName={datasets.data?.find((d) => d.id === s.datasetId)?.name ?? s.datasetId}
                promptName={prompts.data?.find((p) => p.id === s.promptId)?.name ?? s.promptId}
              />
            ))}
          </tbody>
        </Table>
      )}
      {open && <CreateScheduleDialog projectId={projectId} open={open} onClose={() => setOpen(false)} />}
    </Card>
  );
}
