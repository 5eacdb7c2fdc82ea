"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import type { FormEvent } from "react";
import { Button } from "~/components/ui/button";
import { Dialog, DialogBody, DialogFooter } from "~/components/ui/dialog";
import { Field, fieldProps } from "~/components/ui/field";
import { FormError } from "~/components/ui/form-error";
import { Input } from "~/components/ui/input";
import { useToast } from "~/components/ui/toast";
import { formErrors } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";

const FIELDS = [
  "name",
  "promptA.name",
  "promptA.version",
  "promptB.name",
  "promptB.version",
  "rate",
  "dailyCap",
  "reviewersPerItem",
] as const;

const num = (s: FormDataEntryValue | null) => (s === null || String(s).trim() === "" ? undefined : Number(s));

/** Defines a pairwise queue: two prompt versions whose outputs for the same input are compared blind. */
export function NewPairwiseQueueDialog({
  projectId,
  open,
  onClose,
}: {
  projectId: string;
  open: boolean;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const toast = useToast();
  const create = useMutation(
    trpc.annotations.createPairwise.mutationOptions({
      onSuccess: async (q) => {
        await queryClient.invalidateQueries({ queryKey: trpc.annotations.pathKey() });
        toast.success(`Queue “${q.name}” created`);
        onClose();
        router.push(`/projects/${projectId}/annotations/${q.id}`);
      },
    }),
  );
  const raw = formErrors(create.error, FIELDS);
  // the server's message names its field ("promptB.version: …"); the form shows it by the field
  const errors = {
    ...raw,
    fields: Object.fromEntries(
      Object.entries(raw.fields).map(([k, v]) => [k, v?.replace(/^[\w.]+: /, "")]),
    ) as typeof raw.fields,
  };
  const rateError = errors.fields.rate ? "Enter a rate above 0% and at most 100%" : undefined;

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const get = (k: string) => String(f.get(k) ?? "").trim();
    const filter: Record<string, unknown> = {};
    if (get("filterEnvironment")) filter.environment = get("filterEnvironment");
    create.mutate({
      projectId,
      queue: {
        name: get("name"),
        filter,
        promptA: { name: get("promptAName"), version: num(f.get("promptAVersion")) },
        promptB: { name: get("promptBName") || get("promptAName"), version: num(f.get("promptBVersion")) },
        rate: (num(f.get("ratePercent")) ?? 100) / 100,
        dailyCap: num(f.get("dailyCap")),
        reviewersPerItem: num(f.get("reviewersPerItem")),
      },
    });
  }

  function close() {
    create.reset();
    onClose();
  }

  const side = (s: "A" | "B", hint: string) => (
    <div className="grid gap-3 sm:grid-cols-[2fr_1fr]">
      <Field id={`p-${s}-name`} label={`Prompt ${s}`} hint={hint} error={errors.fields[`prompt${s}.name`]}>
        <Input
          {...fieldProps(`p-${s}-name`, errors.fields[`prompt${s}.name`])}
          name={`prompt${s}Name`}
          placeholder="support-answer"
        />
      </Field>
      <Field id={`p-${s}-version`} label="Version" error={errors.fields[`prompt${s}.version`]}>
        <Input
          {...fieldProps(`p-${s}-version`, errors.fields[`prompt${s}.version`])}
          name={`prompt${s}Version`}
          type="number"
          min={1}
        />
      </Field>
    </div>
  );

  return (
    <Dialog
      open={open}
      onClose={close}
      title="New pairwise queue"
      description="Reviewers see two prompt versions' outputs for the same input, in random order, and pick the better one."
      className="max-w-xl"
    >
      <form onSubmit={onSubmit} noValidate>
        <DialogBody className="max-h-[70vh] space-y-5 overflow-y-auto">
          <Field id="p-name" label="Name" error={errors.fields.name}>
            <Input {...fieldProps("p-name", errors.fields.name)} name="name" data-autofocus placeholder="v3 vs v4" />
          </Field>
          <fieldset className="space-y-3">
            <legend className="text-sm font-semibold text-slate-900">Versions compared</legend>
            {side("A", "The baseline")}
            {side("B", "The challenger (blank name: same prompt)")}
          </fieldset>
          <fieldset className="space-y-3">
            <legend className="text-sm font-semibold text-slate-900">Pairs</legend>
            <div className="grid gap-3 sm:grid-cols-2">
              <Field id="p-env" label="Environment" hint="Optional filter">
                <Input id="p-env" name="filterEnvironment" placeholder="production" />
              </Field>
              <Field id="p-rate" label="Rate (%)" error={rateError} hint="Share of matched inputs">
                <Input
                  {...fieldProps("p-rate", rateError)}
                  name="ratePercent"
                  type="number"
                  step="any"
                  defaultValue={100}
                />
              </Field>
              <Field id="p-cap" label="Daily cap" error={errors.fields.dailyCap}>
                <Input
                  {...fieldProps("p-cap", errors.fields.dailyCap)}
                  name="dailyCap"
                  type="number"
                  defaultValue={100}
                />
              </Field>
              <Field id="p-reviewers" label="Reviewers per item" error={errors.fields.reviewersPerItem}>
                <Input
                  {...fieldProps("p-reviewers", errors.fields.reviewersPerItem)}
                  name="reviewersPerItem"
                  type="number"
                  defaultValue={1}
                />
              </Field>
            </div>
          </fieldset>
          <FormError>{errors.form}</FormError>
        </DialogBody>
        <DialogFooter>
          <Button variant="ghost" onClick={close}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending}>
            Create queue
          </Button>
        </DialogFooter>
      </form>
    </Dialog>
  );
}
