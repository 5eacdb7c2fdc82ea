"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Button } from "~/components/ui/button";
import { Dialog, DialogBody, DialogFooter } from "~/components/ui/dialog";
import { Field, fieldProps } from "~/components/ui/field";
import { FormError } from "~/components/ui/form-error";
import { Input } from "~/components/ui/input";
import { Select } from "~/components/ui/select";
import { useToast } from "~/components/ui/toast";
import { formErrors } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";

/** Ties a judge grader to a pinned dataset version whose items people will label. */
export function CreateSetDialog({
  projectId,
  graderId,
  open,
  onClose,
}: {
  projectId: string;
  graderId: string;
  open: boolean;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const toast = useToast();
  const datasets = useQuery({ ...trpc.datasets.list.queryOptions({ projectId }), enabled: open });
  const [datasetId, setDatasetId] = useState("");
  const create = useMutation(
    trpc.calibration.createSet.mutationOptions({
      onSuccess: async (set) => {
        await queryClient.invalidateQueries({ queryKey: trpc.calibration.listSets.queryKey({ projectId, graderId }) });
        toast.success(`Calibration set “${set.name}” created`);
        onClose();
        router.push(`/projects/${projectId}/calibration/${set.id}`);
      },
    }),
  );
  const errors = formErrors(create.error, ["name", "datasetId", "datasetVersion", "kappaThreshold"]);
  const withItems = (datasets.data ?? []).filter((d) => d.itemCount > 0);
  const chosen = withItems.find((d) => d.id === datasetId) ?? withItems[0];

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const threshold = String(form.get("kappaThreshold") ?? "").trim();
    create.mutate({
      projectId,
      graderId,
      name: String(form.get("name") ?? ""),
      datasetId: chosen?.id ?? "",
      ...(threshold !== "" && { kappaThreshold: Number(threshold) }),
    });
  }

  function close() {
    create.reset();
    onClose();
  }

  return (
    <Dialog
      open={open}
      onClose={close}
      title="New calibration set"
      description="People score a sample of a dataset version; the judge scores the same items; their agreement decides whether the judge can be trusted."
    >
      <form onSubmit={onSubmit} noValidate>
        <DialogBody>
          <FormError>{errors.form}</FormError>
          <Field id="set-name" label="Name" hint="Up to 100 characters" error={errors.fields.name}>
            <Input
              {...fieldProps("set-name", errors.fields.name, "hint")}
              name="name"
              data-autofocus
              placeholder="support-sample-nov"
            />
          </Field>
          <Field
            id="set-dataset"
            label="Dataset"
            hint={
              chosen
                ? `Pins version v${chosen.latestVersion} (${chosen.itemCount} items): later edits to the dataset do not change this sample`
                : undefined
            }
            error={
              errors.fields.datasetId ??
              errors.fields.datasetVersion ??
              (datasets.isSuccess && withItems.length === 0 ? "No dataset has items yet: import one first" : undefined)
            }
          >
            <Select
              {...fieldProps("set-dataset", errors.fields.datasetId, chosen ? "hint" : undefined)}
              value={chosen?.id ?? ""}
              onChange={(e) => setDatasetId(e.target.value)}
              disabled={!withItems.length}
            >
              {datasets.isPending && <option value="">Loading datasets…</option>}
              {withItems.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name} · v{d.latestVersion} · {d.itemCount} items
                </option>
              ))}
            </Select>
          </Field>
          <Field
            id="set-kappa"
            label="κ threshold"
            hint="The judge counts as calibrated when weighted κ reaches this (0.6 = substantial agreement)"
            error={errors.fields.kappaThreshold}
          >
            <Input
              {...fieldProps("set-kappa", errors.fields.kappaThreshold, "hint")}
              name="kappaThreshold"
              type="number"
              step="0.05"
              min="-1"
              max="1"
              defaultValue="0.6"
              className="w-32"
            />
          </Field>
        </DialogBody>
        <DialogFooter>
          <Button variant="ghost" onClick={close}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending} disabled={!chosen}>
            Create set
          </Button>
        </DialogFooter>
      </form>
    </Dialog>
  );
}
