"use client";
import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Button } from "~/components/ui/button";
import { Dialog, DialogBody, DialogFooter } from "~/components/ui/dialog";
import { Field, fieldProps } from "~/components/ui/field";
import { FormError } from "~/components/ui/form-error";
import { Input } from "~/components/ui/input";
import { Select } from "~/components/ui/select";
import { useToast } from "~/components/ui/toast";
import { DATASET_PARTITIONS, PARTITION_META, type TDatasetPartition } from "~/lib/datasets";
import { formErrors } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";
import { useInvalidateDatasets } from "./use-invalidate-dataset";

const FIELDS = ["traceId", "observationId", "partition", "tags"] as const;

/** Turns a trace (or one of its observations) into an item; the item links back to the trace. */
export function AddFromTraceDialog({
  projectId,
  datasetId,
  open,
  onClose,
  initialTraceId = "",
  initialObservationId = "",
}: {
  projectId: string;
  datasetId: string;
  open: boolean;
  onClose: () => void;
  initialTraceId?: string;
  initialObservationId?: string;
}) {
  const trpc = useTRPC();
  const toast = useToast();
  const invalidate = useInvalidateDatasets();
  const [traceId, setTraceId] = useState(initialTraceId);
  const [observationId, setObservationId] = useState(initialObservationId);
  const [partition, setPartition] = useState<TDatasetPartition>("distribution");
  const [useOutput, setUseOutput] = useState(true);
  const [tags, setTags] = useState("");
  const [local, setLocal] = useState<string | undefined>();
  const add = useMutation(
    trpc.datasets.addFromTrace.mutationOptions({
      onSuccess: async (res) => {
        await invalidate();
        toast.success(`Item added from trace as version ${res.version?.version}`);
        close();
      },
    }),
  );
  const errors = formErrors(add.error, FIELDS);

  function close() {
    add.reset();
    setTraceId(initialTraceId);
    setObservationId(initialObservationId);
    setTags("");
    setLocal(undefined);
    onClose();
  }

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (!traceId.trim()) {
      setLocal("Enter the id of a trace in this project");
      return;
    }
    const tagList = tags
      .split(",")
      .map((t) => t.trim())
      .filter(Boolean);
    add.mutate({
      projectId,
      datasetId,
      traceId: traceId.trim(),
      ...(observationId.trim() && { observationId: observationId.trim() }),
      partition,
      expectedOutput: useOutput ? "trace-output" : "none",
      ...(tagList.length && { tags: tagList }),
    });
  }

  const traceError = local ?? errors.fields.traceId;
  return (
    <Dialog
      open={open}
      onClose={close}
      title="Add from trace"
      description="Copies the trace's input (and output as the expected output) into a new item that links back to the trace."
      className="max-w-lg"
    >
      <form onSubmit={onSubmit} noValidate>
        <DialogBody>
          <FormError>{errors.form}</FormError>
          <Field id="trace-id" label="Trace ID" hint="Copy it from the trace page" error={traceError}>
            <Input
              {...fieldProps("trace-id", traceError, "hint")}
              value={traceId}
              onChange={(e) => {
                setTraceId(e.target.value);
                setLocal(undefined);
              }}
              className="font-mono text-xs"
              data-autofocus
            />
          </Field>
          <Field
            id="observation-id"
            label="Observation ID"
            hint="Optional: use one generation or span instead of the whole trace"
            error={errors.fields.observationId}
          >
            <Input
              {...fieldProps("observation-id", errors.fields.observationId, "hint")}
              value={observationId}
              onChange={(e) => setObservationId(e.target.value)}
              className="font-mono text-xs"
            />
          </Field>
          <div className="grid gap-4 sm:grid-cols-2">
            <Field id="trace-partition" label="Partition" error={errors.fields.partition}>
              <Select
                {...fieldProps("trace-partition", errors.fields.partition)}
                value={partition}
                onChange={(e) => setPartition(e.target.value as TDatasetPartition)}
              >
                {DATASET_PARTITIONS.map((p) => (
                  <option key={p} value={p}>
                    {PARTITION_META[p].label}
                  </option>
                ))}
              </Select>
            </Field>
            <Field id="trace-tags" label="Tags" hint="Comma-separated" error={errors.fields.tags}>
              <Input
                {...fieldProps("trace-tags", errors.fields.tags, "hint")}
                value={tags}
                onChange={(e) => setTags(e.target.value)}
              />
            </Field>
          </div>
          <label className="flex items-start gap-2 text-sm text-slate-700">
            <input
              type="checkbox"
              checked={useOutput}
              onChange={(e) => setUseOutput(e.target.checked)}
              className="mt-0.5 rounded border-slate-300"
            />
            <span>
              Use the trace&apos;s output as the expected output
              <span className="block text-xs text-slate-500">
                Unchecked: the item is reference-free (expected output null).
              </span>
            </span>
          </label>
        </DialogBody>
        <DialogFooter>
          <Button variant="ghost" onClick={close}>
            Cancel
          </Button>
          <Button type="submit" loading={add.isPending}>
            Add item
          </Button>
        </DialogFooter>
      </form>
    </Dialog>
  );
}
