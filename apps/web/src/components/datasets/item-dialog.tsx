"use client";
import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Button } from "~/components/ui/button";
import { Dialog, DialogBody, DialogFooter } from "~/components/ui/dialog";
import { Field, fieldProps } from "~/components/ui/field";
import { FormError } from "~/components/ui/form-error";
import { Input } from "~/components/ui/input";
import { Select } from "~/components/ui/select";
import { Textarea } from "~/components/ui/textarea";
import { useToast } from "~/components/ui/toast";
import { DATASET_PARTITIONS, PARTITION_META, type TDatasetItem, type TDatasetPartition } from "~/lib/datasets";
import { formErrors } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";
import { useInvalidateDatasets } from "./use-invalidate-dataset";

const FIELDS = ["id", "input", "expectedOutput", "context", "partition", "tags", "metadata", "message"] as const;
type TField = (typeof FIELDS)[number];

type TDraft = {
  id: string;
  input: string;
  expectedOutput: string;
  referenceFree: boolean;
  context: string;
  partition: TDatasetPartition;
  tags: string;
  metadata: string;
  message: string;
};

function draftOf(item?: TDatasetItem): TDraft {
  return {
    id: item?.id ?? "",
    input: item ? JSON.stringify(item.input, null, 2) : "",
    expectedOutput: item?.expectedOutput ?? "",
    referenceFree: item ? item.expectedOutput === null : false,
    context: item?.context ?? "",
    partition: item?.partition ?? "distribution",
    tags: item?.tags.join(", ") ?? "",
    metadata: item?.metadata ? JSON.stringify(item.metadata, null, 2) : "",
    message: "",
  };
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
}

/** Add a new item, or edit one (a new version either way). Input and metadata are JSON. */
export function ItemDialog({
  projectId,
  datasetId,
  item,
  open,
  onClose,
}: {
  projectId: string;
  datasetId: string;
  item?: TDatasetItem;
  open: boolean;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const toast = useToast();
  const invalidate = useInvalidateDatasets();
  const [draft, setDraft] = useState<TDraft>(() => draftOf(item));
  const [local, setLocal] = useState<Partial<Record<TField, string>>>({});
  const editing = item !== undefined;
  const onSuccess = async (res: { changed: boolean; version: { version: number } | null }) => {
    await invalidate();
    toast.success(
      res.changed ? `Saved as version ${res.version?.version}` : "Nothing changed: no new version was written",
    );
    close();
  };
  const add = useMutation(trpc.datasets.addItem.mutationOptions({ onSuccess }));
  const update = useMutation(trpc.datasets.updateItem.mutationOptions({ onSuccess }));
  const mutation = editing ? update : add;
  const server = formErrors(mutation.error, FIELDS);
  const err = (k: TField) => local[k] ?? server.fields[k];

  function close() {
    add.reset();
    update.reset();
    setLocal({});
    setDraft(draftOf(item));
    onClose();
  }

  function set<K extends keyof TDraft>(k: K, v: TDraft[K]) {
    setDraft((d) => ({ ...d, [k]: v }));
    setLocal((l) => ({ ...l, [k]: undefined }));
  }

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    const errors: Partial<Record<TField, string>> = {};
    const input = parseJson(draft.input);
    if (!draft.input.trim()) errors.input = "Input is required (any JSON: a string in quotes, an object, an array)";
    else if (!input.ok) errors.input = `Not valid JSON: ${input.error}. Write text in double quotes, e.g. "How do I…?"`;
    else if (input.value === null) errors.input = "Input must not be null";
    let metadata: unknown = null;
    if (draft.metadata.trim()) {
      const m = parseJson(draft.metadata);
      if (!m.ok) errors.metadata = `Not valid JSON: ${m.error}`;
      else if (typeof m.value !== "object" || m.value === null || Array.isArray(m.value))
        errors.metadata = "Metadata must be a JSON object";
      else metadata = m.value;
    }
    setLocal(errors);
    if (Object.keys(errors).length || !input.ok) return;
    const payload = {
      ...(draft.id.trim() && { id: draft.id.trim() }),
      input: input.value,
      expectedOutput: draft.referenceFree ? null : draft.expectedOutput,
      context: draft.context.trim() ? draft.context : null,
      partition: draft.partition,
      tags: draft.tags
        .split(",")
        .map((t) => t.trim())
        .filter(Boolean),
      metadata,
      // Keep where the item came from when editing.
      ...(item?.source && { source: item.source }),
      ...(item?.provenance && { provenance: item.provenance }),
    };
    const message = draft.message.trim() || null;
    if (editing) update.mutate({ projectId, datasetId, itemId: item.id, item: payload, message });
    else add.mutate({ projectId, datasetId, item: payload, message });
  }

  return (
    <Dialog
      open={open}
      onClose={close}
      title={editing ? "Edit item" : "Add item"}
      description={
        editing
          ? "Saving writes a new version of the dataset; earlier versions keep the old content."
          : "Saving writes a new version of the dataset."
      }
      className="max-w-2xl"
    >
      <form onSubmit={onSubmit} noValidate>
        <DialogBody className="max-h-[70vh] overflow-y-auto">
          <FormError>{server.form}</FormError>
          <div className="grid gap-4 sm:grid-cols-2">
            <Field
              id="item-id"
              label="ID"
              hint={editing ? "An item's id cannot change" : "Optional: generated when empty"}
              error={err("id")}
            >
              <Input
                {...fieldProps("item-id", err("id"), "hint")}
                value={draft.id}
                onChange={(e) => set("id", e.target.value)}
                disabled={editing}
                className="font-mono text-xs"
              />
            </Field>
            <Field id="item-partition" label="Partition" error={err("partition")}>
              <Select
                {...fieldProps("item-partition", err("partition"))}
                value={draft.partition}
                onChange={(e) => set("partition", e.target.value as TDatasetPartition)}
              >
                {DATASET_PARTITIONS.map((p) => (
                  <option key={p} value={p}>
                    {PARTITION_META[p].label} — {PARTITION_META[p].hint}
                  </option>
                ))}
              </Select>
            </Field>
          </div>
          <Field
            id="item-input"
            label="Input (JSON)"
            hint='Any JSON value: "a question in quotes", an object or a list of messages'
            error={err("input")}
          >
            <Textarea
              {...fieldProps("item-input", err("input"), "hint")}
              value={draft.input}
              onChange={(e) => set("input", e.target.value)}
              rows={5}
              className="font-mono text-xs"
              placeholder={'{"question": "How do I reset my password?"}'}
              data-autofocus
              spellCheck={false}
            />
          </Field>
          <Field
            id="item-expected"
            label="Expected output"
            error={err("expectedOutput")}
            labelAside={
              <label className="flex items-center gap-1.5 text-xs text-slate-600">
                <input
                  type="checkbox"
                  checked={draft.referenceFree}
                  onChange={(e) => set("referenceFree", e.target.checked)}
                  className="rounded border-slate-300"
                />
                Reference-free (null)
              </label>
            }
          >
            <Textarea
              {...fieldProps("item-expected", err("expectedOutput"))}
              value={draft.referenceFree ? "" : draft.expectedOutput}
              onChange={(e) => set("expectedOutput", e.target.value)}
              disabled={draft.referenceFree}
              rows={3}
              placeholder={
                draft.referenceFree ? "Graded without a reference answer" : "The answer a good response gives"
              }
            />
          </Field>
          <Field
            id="item-context"
            label="Context"
            hint="Optional: source text for faithfulness checks"
            error={err("context")}
          >
            <Textarea
              {...fieldProps("item-context", err("context"), "hint")}
              value={draft.context}
              onChange={(e) => set("context", e.target.value)}
              rows={2}
            />
          </Field>
          <div className="grid gap-4 sm:grid-cols-2">
            <Field id="item-tags" label="Tags" hint="Comma-separated" error={err("tags")}>
              <Input
                {...fieldProps("item-tags", err("tags"), "hint")}
                value={draft.tags}
                onChange={(e) => set("tags", e.target.value)}
                placeholder="billing, edge-case"
              />
            </Field>
            <Field
              id="item-message"
              label="Change message"
              hint="Optional: shown in the history"
              error={err("message")}
            >
              <Input
                {...fieldProps("item-message", err("message"), "hint")}
                value={draft.message}
                onChange={(e) => set("message", e.target.value)}
              />
            </Field>
          </div>
          <Field id="item-metadata" label="Metadata (JSON object)" hint="Optional" error={err("metadata")}>
            <Textarea
              {...fieldProps("item-metadata", err("metadata"), "hint")}
              value={draft.metadata}
              onChange={(e) => set("metadata", e.target.value)}
              rows={2}
              className="font-mono text-xs"
              placeholder='{"locale": "en"}'
              spellCheck={false}
            />
          </Field>
        </DialogBody>
        <DialogFooter>
          <Button variant="ghost" onClick={close}>
            Cancel
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            {editing ? "Save changes" : "Add item"}
          </Button>
        </DialogFooter>
      </form>
    </Dialog>
  );
}
