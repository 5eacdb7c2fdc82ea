"use client";
import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { DatabaseZap } from "lucide-react";
import { useState, type FormEvent } from "react";
import { Button } from "~/components/ui/button";
import { Dialog, DialogBody, DialogFooter } from "~/components/ui/dialog";
import { Field, fieldProps } from "~/components/ui/field";
import { FormError } from "~/components/ui/form-error";
import { Select } from "~/components/ui/select";
import { useToast } from "~/components/ui/toast";
import { formErrors } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";

const PARTITIONS = ["golden", "regression", "adversarial", "distribution"] as const;
const FIELDS = ["datasetId", "partition", "expectedOutput"] as const;

/** Turns this trace (or the selected observation) into a dataset item with a link back to it. */
export function AddToDatasetButton({
  projectId,
  traceId,
  observationId,
}: {
  projectId: string;
  traceId: string;
  observationId?: string | null;
}) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant="secondary" size="sm" onClick={() => setOpen(true)}>
        <DatabaseZap className="size-4" aria-hidden />
        Add to dataset
      </Button>
      {open && (
        <AddToDatasetDialog
          projectId={projectId}
          traceId={traceId}
          observationId={observationId ?? undefined}
          onClose={() => setOpen(false)}
        />
      )}
    </>
  );
}

function AddToDatasetDialog({
  projectId,
  traceId,
  observationId,
  onClose,
}: {
  projectId: string;
  traceId: string;
  observationId?: string;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const toast = useToast();
  const datasets = useQuery(trpc.datasets.list.queryOptions({ projectId }));
  const [datasetId, setDatasetId] = useState("");
  const [partition, setPartition] = useState<(typeof PARTITIONS)[number]>("regression");
  const [expected, setExpected] = useState<"trace-output" | "none">("trace-output");
  const add = useMutation(
    trpc.datasets.addFromTrace.mutationOptions({
      onSuccess: () => {
        toast.success("Added to the dataset as a new version");
        onClose();
      },
    }),
  );
  const server = formErrors(add.error, FIELDS);
  const chosen = datasetId || datasets.data?.[0]?.id || "";

  function submit(e: FormEvent) {
    e.preventDefault();
    if (!chosen) return;
    add.mutate({ projectId, datasetId: chosen, traceId, observationId, partition, expectedOutput: expected });
  }

  return (
    <Dialog
      open
      onClose={onClose}
      title="Add to dataset"
      description={
        observationId
          ? "The selected observation's input and output become a dataset item."
          : "The trace's input and output become a dataset item."
      }
    >
      <form onSubmit={submit} noValidate>
        <DialogBody>
          <FormError>{server.form}</FormError>
          {datasets.data && datasets.data.length === 0 ? (
            <p className="text-sm text-slate-600">
              This project has no datasets yet.{" "}
              <Link
                className="font-medium text-indigo-600 hover:text-indigo-500"
                href={`/projects/${projectId}/datasets`}
              >
                Create one
              </Link>{" "}
              first.
            </p>
          ) : (
            <>
              <Field id="atd-dataset" label="Dataset" error={server.fields.datasetId}>
                <Select
                  {...fieldProps("atd-dataset", server.fields.datasetId)}
                  value={chosen}
                  onChange={(e) => setDatasetId(e.target.value)}
                  disabled={!datasets.data}
                  data-autofocus
                >
                  {(datasets.data ?? []).map((d) => (
                    <option key={d.id} value={d.id}>
                      {d.name} ({d.itemCount} items)
                    </option>
                  ))}
                </Select>
              </Field>
              <Field
                id="atd-partition"
                label="Partition"
                hint="Regression: a past failure, kept fixed. Golden: the hand-curated minimum bar."
                error={server.fields.partition}
              >
                <Select
                  {...fieldProps("atd-partition", server.fields.partition, "hint")}
                  value={partition}
                  onChange={(e) => setPartition(e.target.value as (typeof PARTITIONS)[number])}
                >
                  {PARTITIONS.map((p) => (
                    <option key={p} value={p}>
                      {p}
                    </option>
                  ))}
                </Select>
              </Field>
              <Field id="atd-expected" label="Expected output" error={server.fields.expectedOutput}>
                <Select
                  {...fieldProps("atd-expected", server.fields.expectedOutput)}
                  value={expected}
                  onChange={(e) => setExpected(e.target.value as "trace-output" | "none")}
                >
                  <option value="trace-output">Use this output as the expected output</option>
                  <option value="none">None (reference-free grading)</option>
                </Select>
              </Field>
            </>
          )}
        </DialogBody>
        <DialogFooter>
          <Button variant="ghost" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={add.isPending} disabled={!chosen}>
            Add item
          </Button>
        </DialogFooter>
      </form>
    </Dialog>
  );
}
