"use client";
import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { ProviderNotice } from "~/components/common/provider-notice";
import { CostStat, ProviderSettingsLink, RunPanel, RunText, Stat } from "~/components/common/run-panel";
import { Card, CardBody, CardHeader } from "~/components/ui/card";
import { Field, fieldProps } from "~/components/ui/field";
import { FormError } from "~/components/ui/form-error";
import { Textarea } from "~/components/ui/textarea";
import { formatDuration, formatTokens } from "~/lib/metrics-format";
import type { TPrompt, TPromptRun } from "~/lib/prompts";
import { errorCode, formErrors } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";
import { TemplateText } from "./template-text";

function RunResult({ run }: { run: TPromptRun }) {
  return (
    <Card aria-labelledby="run-output">
      <CardHeader
        id="run-output"
        title="Output"
        description={
          <span className="font-mono text-xs">
            {run.model} · stop: {run.stopReason ?? "—"}
          </span>
        }
      />
      <CardBody className="space-y-4">
        <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
          <Stat label="Tokens in" testId="run-tokens-in">
            {formatTokens(run.usage.inputTokens)}
          </Stat>
          <Stat label="Tokens out" testId="run-tokens-out">
            {formatTokens(run.usage.outputTokens)}
          </Stat>
          <CostStat costUsd={run.costUsd} testId="run-cost" />
          <Stat label="Latency" testId="run-latency">
            {formatDuration(run.latencyMs)}
          </Stat>
        </dl>
        <RunText text={run.text} empty="(no text)" testId="run-text" />
        {run.toolCalls.length > 0 && (
          <pre className="overflow-x-auto rounded-lg bg-slate-50 px-4 py-3 font-mono text-xs ring-1 ring-slate-200">
            {JSON.stringify(run.toolCalls, null, 2)}
          </pre>
        )}
        <details className="text-sm">
          <summary className="cursor-pointer text-slate-500 hover:text-slate-800">
            Rendered prompt sent to the model
          </summary>
          <div className="mt-2 space-y-2">
            {run.rendered.system && (
              <div className="rounded-lg px-3 py-2 ring-1 ring-slate-200">
                <p className="mb-1 text-[11px] font-semibold text-slate-400 uppercase">system</p>
                <TemplateText text={run.rendered.system} />
              </div>
            )}
            {run.rendered.messages.map((m, i) => (
              <div key={i} className="rounded-lg px-3 py-2 ring-1 ring-slate-200">
                <p className="mb-1 text-[11px] font-semibold text-slate-400 uppercase">{m.role}</p>
                <pre className="font-mono text-xs whitespace-pre-wrap">{m.content}</pre>
              </div>
            ))}
          </div>
        </details>
      </CardBody>
    </Card>
  );
}

export function Playground({
  projectId,
  prompt,
  version,
  onVersion,
  canRun,
}: {
  projectId: string;
  prompt: TPrompt;
  version: number;
  onVersion: (v: number) => void;
  canRun: boolean;
}) {
  const trpc = useTRPC();
  const v = prompt.versions.find((x) => x.version === version) ?? prompt.versions[0]!;
  const [values, setValues] = useState<Record<string, string>>({});
  const run = useMutation(trpc.prompts.run.mutationOptions());
  const errors = formErrors(run.error, ["variables", "model", "params.temperature", "params.topP"]);
  const paramError = errors.fields["params.temperature"] ?? errors.fields["params.topP"];
  const providerProblem = errorCode(run.error) === "PRECONDITION_FAILED";
  const runMessage = run.error
    ? (errors.fields.variables ?? errors.fields.model ?? paramError ?? errors.form)
    : undefined;

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    const variables = Object.fromEntries(
      v.variables.filter((n) => values[n] !== undefined && values[n] !== "").map((n) => [n, values[n]!]),
    );
    run.mutate({ projectId, promptId: prompt.id, version: v.version, variables });
  }

  return (
    <RunPanel
      idPrefix="pg"
      headingId="playground-heading"
      title="Playground"
      description="Runs the version with the project's provider key; nothing is saved."
      versions={prompt.versions}
      version={v.version}
      onVersion={onVersion}
      versionLabel={(x) => x.model}
      onSubmit={onSubmit}
      run={run}
      canRun={canRun}
      result={run.data && <RunResult run={run.data} />}
      placeholder={{
        pending: "Waiting for the model…",
        idle: "Fill in the variables and press Run to see the output, tokens, cost and latency.",
      }}
    >
      <ProviderNotice projectId={projectId} model={v.model} />
      {v.variables.length === 0 && <p className="text-sm text-slate-500">This version has no variables.</p>}
      {v.variables.map((n) => (
        <Field
          key={n}
          id={`var-${n}`}
          label={<code className="font-mono text-violet-700">{`{{${n}}}`}</code>}
          error={errors.fields.variables && !values[n]?.trim() ? "Required" : undefined}
        >
          <Textarea
            {...fieldProps(`var-${n}`, errors.fields.variables && !values[n]?.trim() ? "Required" : undefined)}
            aria-label={n}
            value={values[n] ?? ""}
            onChange={(e) => setValues((s) => ({ ...s, [n]: e.target.value }))}
            rows={2}
          />
        </Field>
      ))}
      {runMessage && (
        <FormError>
          {runMessage}
          {paramError && (
            <span className="mt-1 block text-xs">
              Create a new version without the parameter, then run that version.
            </span>
          )}
          {(providerProblem || errors.fields.model) && <ProviderSettingsLink projectId={projectId} />}
        </FormError>
      )}
    </RunPanel>
  );
}
