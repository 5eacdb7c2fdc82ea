"use client";
import { useMutation } from "@tanstack/react-query";
import { CircleAlert, CircleCheck, FileUp, History } from "lucide-react";
import { useRef, useState, type ChangeEvent } from "react";
import { Button } from "~/components/ui/button";
import { Card, CardBody, CardFooter, CardHeader } from "~/components/ui/card";
import { Field, fieldProps } from "~/components/ui/field";
import { FormError } from "~/components/ui/form-error";
import { Input } from "~/components/ui/input";
import { Select } from "~/components/ui/select";
import { Textarea } from "~/components/ui/textarea";
import { useToast } from "~/components/ui/toast";
import { formatFromFileName, partitionCounts, sniffFormat, type TDataset } from "~/lib/datasets";
import { formatInteger } from "~/lib/metrics-format";
import type { RouterOutputs } from "~/lib/types";
import { friendlyMessage } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";
import { PartitionChips } from "./partition-chips";
import { useInvalidateDatasets } from "./use-invalidate-dataset";

type TFormat = "jsonl" | "csv";
type TMode = "append" | "upsert" | "replace";
type TPreview = RouterOutputs["datasets"]["previewImport"];

const MODES: Record<TMode, string> = {
  append: "Append: add the file's items; an id that already exists is an error",
  upsert: "Upsert: add new items and update items whose id already exists",
  replace: "Replace: the file becomes the whole dataset; items not in it are removed",
};

function PreviewResult({ preview }: { preview: TPreview }) {
  if (preview.ok) {
    return (
      <div
        role="status"
        className="rounded-lg border border-emerald-200 bg-emerald-50/70 px-4 py-3"
        data-testid="import-preview"
      >
        <p className="flex items-center gap-2 text-sm font-medium text-emerald-800">
          <CircleCheck className="size-4" aria-hidden />
          The file is valid: {formatInteger(preview.itemCount)} item{preview.itemCount === 1 ? "" : "s"}
        </p>
        <PartitionChips counts={partitionCounts(preview.partitionCounts)} className="mt-2" />
      </div>
    );
  }
  const more = preview.errorCount - preview.errors.length;
  return (
    <div role="alert" className="rounded-lg border border-red-300 bg-red-50 px-4 py-3" data-testid="import-errors">
      <p className="flex items-center gap-2 text-sm font-semibold text-red-800">
        <CircleAlert className="size-4" aria-hidden />
        {formatInteger(preview.errorCount)} error{preview.errorCount === 1 ? "" : "s"}: nothing was imported. Fix the
        file and try again.
      </p>
      <ul className="mt-2 max-h-80 space-y-1 overflow-y-auto">
        {preview.errors.map((e, i) => (
          <li key={i} className="flex items-baseline gap-2 font-mono text-xs text-red-900">
            <span className="shrink-0 rounded bg-red-100 px-1.5 py-0.5 font-semibold">line {e.line}</span>
            <span>
              {e.field && (
                <>
                  field <strong className="font-semibold">{e.field}</strong>:{" "}
                </>
              )}
              <span className="font-sans">{e.message}</span>
            </span>
          </li>
        ))}
      </ul>
      {more > 0 && <p className="mt-2 text-xs text-red-700">…and {formatInteger(more)} more.</p>}
    </div>
  );
}

export function ImportTab({
  projectId,
  dataset,
  canEdit,
  onDone,
}: {
  projectId: string;
  dataset: TDataset;
  canEdit: boolean;
  onDone: () => void;
}) {
  const trpc = useTRPC();
  const toast = useToast();
  const invalidate = useInvalidateDatasets();
  const fileInput = useRef<HTMLInputElement>(null);
  const [content, setContent] = useState("");
  const [fileName, setFileName] = useState<string | null>(null);
  const [format, setFormat] = useState<TFormat>("jsonl");
  const [formatTouched, setFormatTouched] = useState(false);
  const [mode, setMode] = useState<TMode>("append");
  const [message, setMessage] = useState("");
  const [preview, setPreview] = useState<TPreview | null>(null);
  const [emptyError, setEmptyError] = useState<string | undefined>();
  const validate = useMutation(trpc.datasets.previewImport.mutationOptions());
  const importFile = useMutation(trpc.datasets.importFile.mutationOptions());
  const busy = validate.isPending || importFile.isPending;

  function changed(next: string) {
    setContent(next);
    setPreview(null);
    setEmptyError(undefined);
    importFile.reset();
    validate.reset();
  }

  async function onFile(e: ChangeEvent<HTMLInputElement>) {
    const file = e.target.files?.[0];
    if (!file) return;
    const text = await file.text();
    setFileName(file.name);
    const f = formatFromFileName(file.name) ?? sniffFormat(text);
    setFormat(f);
    setFormatTouched(false);
    changed(text);
  }

  function onPaste(text: string) {
    setFileName(null);
    if (!formatTouched && text.trim()) setFormat(sniffFormat(text));
    changed(text);
  }

  async function runValidate(): Promise<TPreview | null> {
    if (!content.trim()) {
      setEmptyError("Choose a file or paste its content first");
      return null;
    }
    const res = await validate.mutateAsync({ projectId, datasetId: dataset.id, format, content }).catch(() => null);
    setPreview(res);
    return res;
  }

  async function runImport() {
    const res = await runValidate();
    if (!res?.ok) return;
    const done = await importFile
      .mutateAsync({ projectId, datasetId: dataset.id, format, content, mode, message: message.trim() || null })
      .catch(() => null);
    if (!done) return;
    await invalidate();
    if (done.changed) {
      toast.success(`Imported ${formatInteger(res.itemCount)} items as version ${done.version?.version}`);
      setContent("");
      setFileName(null);
      setMessage("");
      setPreview(null);
      if (fileInput.current) fileInput.current.value = "";
      onDone();
    } else {
      toast.success(`Nothing changed: the file matches version ${done.version?.version}`);
    }
  }

  const requestError = validate.error ?? importFile.error;
  return (
    <Card aria-labelledby="import-heading">
      <CardHeader
        id="import-heading"
        title="Import items"
        description={
          <>
            JSONL (one JSON object per line) or CSV with a header. Every line is checked first; a file with any error
            writes nothing. Required: <code className="rounded bg-slate-100 px-1 text-xs">input</code> and{" "}
            <code className="rounded bg-slate-100 px-1 text-xs">expectedOutput</code> (
            <code className="rounded bg-slate-100 px-1 text-xs">expected_output</code>; null for reference-free).
          </>
        }
      />
      <CardBody className="space-y-4">
        <div className="flex flex-wrap items-center gap-3">
          <input
            ref={fileInput}
            id="import-file"
            type="file"
            accept=".jsonl,.ndjson,.json,.csv,.txt"
            onChange={(e) => void onFile(e)}
            className="sr-only"
            aria-label="Dataset file"
            disabled={!canEdit}
          />
          <Button variant="secondary" onClick={() => fileInput.current?.click()} disabled={!canEdit}>
            <FileUp className="size-4" aria-hidden />
            Choose file
          </Button>
          <span className="text-sm text-slate-500">
            {fileName ? <span className="font-medium text-slate-800">{fileName}</span> : "or paste the content below"}
          </span>
        </div>
        <Field id="import-content" label="Content" error={emptyError}>
          <Textarea
            {...fieldProps("import-content", emptyError)}
            value={content}
            onChange={(e) => onPaste(e.target.value)}
            rows={8}
            className="font-mono text-xs"
            spellCheck={false}
            disabled={!canEdit}
            placeholder={
              '{"input": {"question": "How do I reset my password?"}, "expectedOutput": "Settings → Security → Reset password", "partition": "golden"}'
            }
          />
        </Field>
        <div className="grid gap-4 sm:grid-cols-[10rem_1fr]">
          <Field id="import-format" label="Format" hint={fileName ? "From the file name" : "Detected from the content"}>
            <Select
              {...fieldProps("import-format", undefined, "hint")}
              value={format}
              onChange={(e) => {
                setFormat(e.target.value as TFormat);
                setFormatTouched(true);
                setPreview(null);
              }}
              disabled={!canEdit}
            >
              <option value="jsonl">JSONL</option>
              <option value="csv">CSV</option>
            </Select>
          </Field>
          <Field
            id="import-mode"
            label="Mode"
            hint={dataset.versions.length === 0 ? "The dataset is empty: every mode adds the file's items" : undefined}
          >
            <Select
              {...fieldProps("import-mode")}
              value={mode}
              onChange={(e) => setMode(e.target.value as TMode)}
              disabled={!canEdit}
            >
              {(Object.keys(MODES) as TMode[]).map((m) => (
                <option key={m} value={m}>
                  {MODES[m]}
                </option>
              ))}
            </Select>
          </Field>
        </div>
        <Field id="import-message" label="Version message" hint="Optional: describes the change in the history">
          <Input
            {...fieldProps("import-message", undefined, "hint")}
            value={message}
            onChange={(e) => setMessage(e.target.value)}
            maxLength={500}
            placeholder="Add March support tickets"
            disabled={!canEdit}
          />
        </Field>
        {preview && <PreviewResult preview={preview} />}
        <FormError>{requestError ? friendlyMessage(requestError) : undefined}</FormError>
      </CardBody>
      <CardFooter>
        {dataset.versions.length > 0 && (
          <Button variant="ghost" className="mr-auto" onClick={onDone}>
            <History className="size-4" aria-hidden />
            History
          </Button>
        )}
        <Button
          variant="secondary"
          onClick={() => void runValidate()}
          loading={validate.isPending && !importFile.isPending}
          disabled={!canEdit || busy}
        >
          Validate
        </Button>
        <Button
          onClick={() => void runImport()}
          loading={importFile.isPending}
          disabled={!canEdit || busy || preview?.ok === false}
        >
          Import
        </Button>
      </CardFooter>
    </Card>
  );
}
