"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Button } from "~/components/ui/button";
import { Dialog, DialogBody, DialogFooter } from "~/components/ui/dialog";
import { Field, fieldProps } from "~/components/ui/field";
import { FormError } from "~/components/ui/form-error";
import { Input } from "~/components/ui/input";
import { useToast } from "~/components/ui/toast";
import { formErrors } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";

const FIELDS = [
  "modelName",
  "matchPattern",
  "inputPer1M",
  "outputPer1M",
  "cacheReadPer1M",
  "cacheWritePer1M",
  "effectiveFrom",
] as const;
type TField = (typeof FIELDS)[number];
type TDraft = Record<TField, string>;

const today = () => new Date().toISOString().slice(0, 10);
const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const EMPTY = (): TDraft => ({
  modelName: "",
  matchPattern: "",
  inputPer1M: "",
  outputPer1M: "",
  cacheReadPer1M: "",
  cacheWritePer1M: "",
  effectiveFrom: today(),
});

/** Checks the browser can do before asking the server; the server validates everything again. */
function localErrors(d: TDraft): Partial<Record<TField, string>> {
  const e: Partial<Record<TField, string>> = {};
  if (!d.modelName.trim()) e.modelName = "Model name is required";
  if (!d.matchPattern.trim()) e.matchPattern = "Match pattern is required";
  for (const k of ["inputPer1M", "outputPer1M"] as const) if (!d[k].trim()) e[k] = "Enter a price in USD per 1M tokens";
  for (const k of ["inputPer1M", "outputPer1M", "cacheReadPer1M", "cacheWritePer1M"] as const) {
    if (d[k].trim() && !Number.isFinite(Number(d[k]))) e[k] = "Enter a number";
  }
  if (!d.effectiveFrom) e.effectiveFrom = "Enter a valid date";
  return e;
}

export function AddPriceDialog({
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
  const toast = useToast();
  const [draft, setDraft] = useState<TDraft>(EMPTY);
  const [patternEdited, setPatternEdited] = useState(false);
  const [local, setLocal] = useState<Partial<Record<TField, string>>>({});
  const create = useMutation(
    trpc.modelPrices.create.mutationOptions({
      onSuccess: async (row) => {
        toast.success(`Price for ${row.modelName} added`);
        close();
        await queryClient.invalidateQueries({ queryKey: trpc.modelPrices.pathKey() });
      },
    }),
  );
  const server = formErrors(create.error, FIELDS);
  const err = (k: TField) => local[k] ?? server.fields[k];

  function close() {
    create.reset();
    setDraft(EMPTY());
    setLocal({});
    setPatternEdited(false);
    onClose();
  }

  function set(k: TField, v: string) {
    setDraft((d) => {
      const next = { ...d, [k]: v };
      if (k === "modelName" && !patternEdited) next.matchPattern = v.trim() ? `^${escapeRegex(v.trim())}$` : "";
      return next;
    });
    if (k === "matchPattern") setPatternEdited(true);
    setLocal((l) => ({ ...l, [k]: undefined }));
  }

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    const errors = localErrors(draft);
    setLocal(errors);
    if (Object.keys(errors).length) return;
    const opt = (v: string) => (v.trim() ? Number(v) : null);
    create.mutate({
      projectId,
      modelName: draft.modelName.trim(),
      matchPattern: draft.matchPattern.trim(),
      inputPer1M: Number(draft.inputPer1M),
      outputPer1M: Number(draft.outputPer1M),
      cacheReadPer1M: opt(draft.cacheReadPer1M),
      cacheWritePer1M: opt(draft.cacheWritePer1M),
      effectiveFrom: new Date(`${draft.effectiveFrom}T00:00:00Z`),
    });
  }

  const priceField = (k: TField, label: string, optional?: boolean) => (
    <Field id={`price-${k}`} label={label} error={err(k)}>
      <div className="relative">
        <span className="pointer-events-none absolute top-1/2 left-3 -translate-y-1/2 text-sm text-slate-400">$</span>
        <Input
          {...fieldProps(`price-${k}`, err(k))}
          inputMode="decimal"
          className="pl-6"
          value={draft[k]}
          onChange={(e) => set(k, e.target.value)}
          placeholder={optional ? "optional" : "0.00"}
        />
      </div>
    </Field>
  );

  return (
    <Dialog
      open={open}
      onClose={close}
      title="Add model price"
      description="USD per 1M tokens. Applies to generations ingested after it takes effect."
      className="max-w-lg"
    >
      <form onSubmit={onSubmit} noValidate>
        <DialogBody>
          <FormError>{server.form}</FormError>
          <Field id="price-modelName" label="Model name" error={err("modelName")}>
            <Input
              {...fieldProps("price-modelName", err("modelName"))}
              value={draft.modelName}
              onChange={(e) => set("modelName", e.target.value)}
              placeholder="claude-sonnet-4-6"
              data-autofocus
            />
          </Field>
          <Field
            id="price-matchPattern"
            label="Match pattern"
            hint="A regular expression tested, ignoring case, against the model name sent with each generation. Lookarounds and backreferences are not supported."
            error={err("matchPattern")}
          >
            <Input
              {...fieldProps("price-matchPattern", err("matchPattern"), "hint")}
              className="font-mono text-xs"
              value={draft.matchPattern}
              onChange={(e) => set("matchPattern", e.target.value)}
              placeholder="^claude-sonnet-4-6$"
            />
          </Field>
          <div className="grid grid-cols-2 gap-4">
            {priceField("inputPer1M", "Input")}
            {priceField("outputPer1M", "Output")}
            {priceField("cacheReadPer1M", "Cache read", true)}
            {priceField("cacheWritePer1M", "Cache write", true)}
          </div>
          <Field id="price-effectiveFrom" label="Effective from" error={err("effectiveFrom")}>
            <Input
              {...fieldProps("price-effectiveFrom", err("effectiveFrom"))}
              type="date"
              value={draft.effectiveFrom}
              onChange={(e) => set("effectiveFrom", e.target.value)}
            />
          </Field>
        </DialogBody>
        <DialogFooter>
          <Button variant="ghost" onClick={close}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending}>
            Add price
          </Button>
        </DialogFooter>
      </form>
    </Dialog>
  );
}
