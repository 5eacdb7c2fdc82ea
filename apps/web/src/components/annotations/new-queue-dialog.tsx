"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
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

const FIELDS = [
  "name",
  "rate",
  "stratifyBy",
  "scoreName",
  "dailyCap",
  "reviewersPerItem",
  "scoreConfig.name",
  "scoreConfig.max",
  "scoreConfig.options",
  "scoreConfig.failing",
  "filter.tags",
] as const;

const list = (s: string) =>
  s
    .split(",")
    .map((x) => x.trim())
    .filter(Boolean);
const num = (s: FormDataEntryValue | null) => (s === null || String(s).trim() === "" ? undefined : Number(s));

/** Defines a queue: which traces (explorer filters), how to sample them, and how to label them. */
export function NewQueueDialog({
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
  const [sampling, setSampling] = useState("stratified");
  const [scoreType, setScoreType] = useState("numeric");
  const create = useMutation(
    trpc.annotations.create.mutationOptions({
      onSuccess: async (q) => {
        await queryClient.invalidateQueries({ queryKey: trpc.annotations.pathKey() });
        toast.success(`Queue “${q.name}” created`);
        onClose();
        router.push(`/projects/${projectId}/annotations/${q.id}`);
      },
    }),
  );
  const errors = formErrors(create.error, FIELDS);
  // The form takes a percentage; the server's message speaks of a fraction.
  const rateError = errors.fields.rate ? "Enter a rate above 0% and at most 100%" : undefined;

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const get = (k: string) => String(f.get(k) ?? "").trim();
    const filter: Record<string, unknown> = {};
    if (get("filterTags")) filter.tags = list(get("filterTags"));
    if (get("filterName")) filter.name = get("filterName");
    if (get("filterEnvironment")) filter.environment = get("filterEnvironment");
    const scoreName = get("scoreConfigName");
    const scoreConfig =
      scoreType === "numeric"
        ? {
            name: scoreName,
            type: "numeric",
            min: num(f.get("min")),
            max: num(f.get("max")),
            passAtLeast: num(f.get("passAtLeast")),
          }
        : scoreType === "categorical"
          ? { name: scoreName, type: "categorical", options: list(get("options")), failing: list(get("failing")) }
          : { name: scoreName, type: "boolean" };
    create.mutate({
      projectId,
      queue: {
        name: get("name"),
        filter,
        sampling,
        rate: (num(f.get("ratePercent")) ?? 100) / 100,
        ...(sampling === "stratified" && { stratifyBy: get("stratifyBy"), minPerStratum: num(f.get("minPerStratum")) }),
        ...(sampling === "errors" && {
          minOutputTokens: num(f.get("minOutputTokens")),
          maxOutputTokens: num(f.get("maxOutputTokens")),
        }),
        ...(sampling === "low_score" && { scoreName: get("lowScoreName"), scoreBelow: num(f.get("scoreBelow")) }),
        dailyCap: num(f.get("dailyCap")),
        reviewersPerItem: num(f.get("reviewersPerItem")),
        scoreConfig,
        issueTags: list(get("issueTags")),
      },
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
      title="New annotation queue"
      description="Which traces reviewers see, how many, and what they record."
      className="max-w-2xl"
    >
      <form onSubmit={onSubmit} noValidate>
        <DialogBody className="max-h-[70vh] space-y-5 overflow-y-auto">
          <Field id="q-name" label="Name" error={errors.fields.name}>
            <Input
              {...fieldProps("q-name", errors.fields.name)}
              name="name"
              data-autofocus
              placeholder="Support quality"
            />
          </Field>
          <fieldset className="space-y-3">
            <legend className="text-sm font-semibold text-slate-900">Traces (explorer filters, optional)</legend>
            <div className="grid gap-3 sm:grid-cols-3">
              <Field id="q-filter-tags" label="Tags (all of)" error={errors.fields["filter.tags"]}>
                <Input id="q-filter-tags" name="filterTags" placeholder="support" />
              </Field>
              <Field id="q-filter-name" label="Trace name">
                <Input id="q-filter-name" name="filterName" />
              </Field>
              <Field id="q-filter-env" label="Environment">
                <Input id="q-filter-env" name="filterEnvironment" placeholder="production" />
              </Field>
            </div>
          </fieldset>
          <fieldset className="space-y-3">
            <legend className="text-sm font-semibold text-slate-900">Sampling</legend>
            <div className="grid gap-3 sm:grid-cols-3">
              <Field id="q-sampling" label="Strategy">
                <Select id="q-sampling" value={sampling} onChange={(e) => setSampling(e.target.value)}>
                  <option value="random">Random</option>
                  <option value="stratified">Stratified</option>
                  <option value="errors">Errors and odd lengths</option>
                  <option value="low_score">Low score</option>
                </Select>
              </Field>
              <Field id="q-rate" label="Rate (%)" error={rateError} hint="Share of matching traces">
                <Input
                  {...fieldProps("q-rate", rateError)}
                  name="ratePercent"
                  type="number"
                  step="any"
                  defaultValue={10}
                />
              </Field>
              <Field id="q-cap" label="Daily cap" error={errors.fields.dailyCap}>
                <Input
                  {...fieldProps("q-cap", errors.fields.dailyCap)}
                  name="dailyCap"
                  type="number"
                  defaultValue={100}
                />
              </Field>
            </div>
            {sampling === "stratified" && (
              <div className="grid gap-3 sm:grid-cols-3">
                <Field id="q-stratify" label="Stratify by" error={errors.fields.stratifyBy}>
                  <Select id="q-stratify" name="stratifyBy" defaultValue="tags">
                    <option value="tags">Tags</option>
                    <option value="userId">User</option>
                    <option value="model">Model</option>
                    <option value="name">Trace name</option>
                    <option value="environment">Environment</option>
                    <option value="release">Release</option>
                  </Select>
                </Field>
                <Field id="q-min-stratum" label="At least per stratum/day" hint="Covers rare strata">
                  <Input id="q-min-stratum" name="minPerStratum" type="number" defaultValue={2} />
                </Field>
              </div>
            )}
            {sampling === "errors" && (
              <div className="grid gap-3 sm:grid-cols-3">
                <Field id="q-min-out" label="Output shorter than (tokens)">
                  <Input id="q-min-out" name="minOutputTokens" type="number" />
                </Field>
                <Field id="q-max-out" label="Output longer than (tokens)">
                  <Input id="q-max-out" name="maxOutputTokens" type="number" />
                </Field>
              </div>
            )}
            {sampling === "low_score" && (
              <div className="grid gap-3 sm:grid-cols-3">
                <Field id="q-low-name" label="Score name" error={errors.fields.scoreName}>
                  <Input
                    {...fieldProps("q-low-name", errors.fields.scoreName)}
                    name="lowScoreName"
                    placeholder="judge-helpfulness"
                  />
                </Field>
                <Field id="q-low-below" label="At or below">
                  <Input id="q-low-below" name="scoreBelow" type="number" step="any" defaultValue={0.5} />
                </Field>
              </div>
            )}
          </fieldset>
          <fieldset className="space-y-3">
            <legend className="text-sm font-semibold text-slate-900">Labels</legend>
            <div className="grid gap-3 sm:grid-cols-3">
              <Field id="q-score-name" label="Score name" error={errors.fields["scoreConfig.name"]}>
                <Input
                  {...fieldProps("q-score-name", errors.fields["scoreConfig.name"])}
                  name="scoreConfigName"
                  defaultValue="quality"
                />
              </Field>
              <Field id="q-score-type" label="Score type">
                <Select id="q-score-type" value={scoreType} onChange={(e) => setScoreType(e.target.value)}>
                  <option value="numeric">Numeric</option>
                  <option value="categorical">Categorical</option>
                  <option value="boolean">Pass / fail</option>
                </Select>
              </Field>
              <Field id="q-reviewers" label="Reviewers per item" error={errors.fields.reviewersPerItem}>
                <Input
                  {...fieldProps("q-reviewers", errors.fields.reviewersPerItem)}
                  name="reviewersPerItem"
                  type="number"
                  defaultValue={1}
                />
              </Field>
            </div>
            {scoreType === "numeric" && (
              <div className="grid gap-3 sm:grid-cols-3">
                <Field id="q-min" label="Min">
                  <Input id="q-min" name="min" type="number" defaultValue={1} />
                </Field>
                <Field id="q-max" label="Max" error={errors.fields["scoreConfig.max"]}>
                  <Input
                    {...fieldProps("q-max", errors.fields["scoreConfig.max"])}
                    name="max"
                    type="number"
                    defaultValue={5}
                  />
                </Field>
                <Field id="q-pass" label="Passes at" hint="Lower values count as failures">
                  <Input id="q-pass" name="passAtLeast" type="number" defaultValue={3} />
                </Field>
              </div>
            )}
            {scoreType === "categorical" && (
              <div className="grid gap-3 sm:grid-cols-2">
                <Field id="q-options" label="Options (comma-separated)" error={errors.fields["scoreConfig.options"]}>
                  <Input
                    {...fieldProps("q-options", errors.fields["scoreConfig.options"])}
                    name="options"
                    defaultValue="good, acceptable, bad"
                  />
                </Field>
                <Field id="q-failing" label="Failing options" error={errors.fields["scoreConfig.failing"]}>
                  <Input
                    {...fieldProps("q-failing", errors.fields["scoreConfig.failing"])}
                    name="failing"
                    defaultValue="bad"
                  />
                </Field>
              </div>
            )}
            <Field id="q-tags" label="Issue tags (comma-separated)">
              <Input id="q-tags" name="issueTags" defaultValue="Hallucination, Irrelevant, Unsafe, Poor formatting" />
            </Field>
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
