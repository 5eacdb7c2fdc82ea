"use client";
import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { ProviderNotice } from "~/components/common/provider-notice";
import { ProviderSettingsLink, RunPanel } from "~/components/common/run-panel";
import { Field, fieldProps } from "~/components/ui/field";
import { FormError } from "~/components/ui/form-error";
import { Textarea } from "~/components/ui/textarea";
import { graderTypeLabel, isJudgeGraderType, parseJsonText, type TGrader } from "~/lib/graders";
import { errorCode, formErrors } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";
import { PreviewResult } from "./preview-result";

const ITEM_FIELDS = ["item.output", "item.outputB", "item.expected", "item.context", "item.input"] as const;
type TItemField = "output" | "outputB" | "expected" | "context" | "input";

/** Runs one item through a saved version; judges spend provider credits, so MEMBER+ only. */
export function TryIt({
  projectId,
  grader,
  version,
  onVersion,
  canRun,
}: {
  projectId: string;
  grader: TGrader;
  version: number;
  onVersion: (v: number) => void;
  canRun: boolean;
}) {
  const trpc = useTRPC();
  const v = grader.versions.find((x) => x.version === version) ?? grader.versions[0]!;
  const [item, setItem] = useState<Record<TItemField, string>>({
    output: "",
    outputB: "",
    expected: "",
    context: "",
    input: "",
  });
  const [local, setLocal] = useState<Partial<Record<TItemField, string>>>({});
  const run = useMutation(trpc.graders.preview.mutationOptions());
  const server = formErrors(run.error, ITEM_FIELDS);
  const err = (k: TItemField) => local[k] ?? server.fields[`item.${k}`];
  const pairwise = v.type === "pairwise_judge";
  const judge = isJudgeGraderType(v.type);
  const providerProblem = errorCode(run.error) === "PRECONDITION_FAILED";

  function set(k: TItemField, value: string) {
    setItem((s) => ({ ...s, [k]: value }));
    setLocal((l) => ({ ...l, [k]: undefined }));
  }

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    const errors: Partial<Record<TItemField, string>> = {};
    let input: unknown;
    if (item.input.trim()) {
      const parsed = parseJsonText(item.input);
      if (parsed.ok) input = parsed.value;
      else errors.input = parsed.error;
    }
    if (pairwise && !item.outputB.trim()) errors.outputB = "A pairwise judge compares two outputs: enter output B";
    setLocal(errors);
    if (Object.keys(errors).length) return;
    const optional = (s: string) => (s === "" ? undefined : s);
    run.mutate({
      projectId,
      graderId: grader.id,
      version: v.version,
      item: {
        output: item.output,
        ...(pairwise && { outputB: item.outputB }),
        expected: optional(item.expected),
        context: optional(item.context),
        ...(input !== undefined && { input }),
      },
    });
  }

  const area = (k: TItemField, label: string, hint: string, rows = 3, mono = false) => (
    <Field id={`try-${k}`} label={label} hint={hint} error={err(k)}>
      <Textarea
        {...fieldProps(`try-${k}`, err(k), "hint")}
        value={item[k]}
        onChange={(e) => set(k, e.target.value)}
        rows={rows}
        className={mono ? "font-mono text-xs" : undefined}
        spellCheck={!mono}
      />
    </Field>
  );

  return (
    <RunPanel
      idPrefix="try"
      headingId="try-heading"
      title="Try it"
      description={
        judge
          ? "Grades one item with the project's model provider; nothing is saved."
          : "Grades one item in process; nothing is saved."
      }
      versions={grader.versions}
      version={v.version}
      onVersion={onVersion}
      versionLabel={(x) => `${graderTypeLabel(x.type)}${x.judgeModel ? ` · ${x.judgeModel}` : ""}`}
      onSubmit={onSubmit}
      run={run}
      canRun={canRun}
      result={run.data && <PreviewResult run={run.data} />}
      placeholder={{
        pending: judge ? "Waiting for the judge…" : "Grading…",
        idle: "Fill in an output and press Run to see the verdict, score and reason.",
      }}
    >
      {judge && <ProviderNotice projectId={projectId} model={v.judgeModel} />}
      {area(
        "output",
        "Output",
        pairwise ? "Output A: the first of the two outputs to compare" : "The model output to grade",
        4,
      )}
      {pairwise && area("outputB", "Output B", "The second output, compared with output A in both orders", 4)}
      {area("expected", "Expected output", "Optional; leave empty when the item has none")}
      {area("context", "Context", "Optional; retrieved documents or facts the output should rely on")}
      {area("input", "Input (JSON)", 'Optional; the item\'s input, e.g. {"question": "…"}', 3, true)}
      {run.error && !Object.values(server.fields).some(Boolean) && (
        <FormError>
          {server.form}
          {providerProblem && <ProviderSettingsLink projectId={projectId} />}
        </FormError>
      )}
      {!canRun && (
        <p className="text-sm text-slate-500">Viewers can read graders; running a preview needs the Member role.</p>
      )}
    </RunPanel>
  );
}
