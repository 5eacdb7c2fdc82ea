"use client";
import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { ArrowRight, Play } from "lucide-react";
import { useState, type FormEvent, type ReactNode } from "react";
import { Button } from "~/components/ui/button";
import { Card, CardBody, CardFooter, CardHeader } from "~/components/ui/card";
import { Field, fieldProps, Label } from "~/components/ui/field";
import { FormError } from "~/components/ui/form-error";
import { Select } from "~/components/ui/select";
import { Textarea } from "~/components/ui/textarea";
import { formatCost, formatDuration, formatTokens } from "~/lib/metrics-format";
import type { TPrompt, TPromptRun } from "~/lib/prompts";
import { errorCode, formErrors } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";
import { TemplateText } from "./template-text";

function Stat({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white px-3 py-2">
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd className="mt-0.5 text-base font-semibold text-slate-900 tabular-nums" data-testid={testId}>
        {children}
      </dd>
    </div>
  );
}

function RunResult({ run }: { run: TPromptRun }) {
  return (
    <Card aria-labelledby="run-output">
      <CardHeader id="run-output" title="Output" description={<span className="font-mono text-xs">{run.model} · stop: {run.stopReason ?? "—"}</span>} />
      <CardBody className="space-y-4">
        <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
          <Stat label="Tokens in" testId="run-tokens-in">
            {formatTokens(run.usage.inputTokens)}
          </Stat>
          <Stat label="Tokens out" testId="run-tokens-out">
            {formatTokens(run.usage.outputTokens)}
          </Stat>
          <Stat label="Cost" testId="run-cost">
            {run.costUsd === null ? <span className="text-sm font-normal text-slate-400">no price for this model</span> : formatCost(run.costUsd)}
          </Stat>
          <Stat label="Latency" testId="run-latency">
            {formatDuration(run.latencyMs)}
          </Stat>
        </dl>
        <div className="rounded-lg bg-slate-50 px-4 py-3 text-sm leading-relaxed whitespace-pre-wrap text-slate-900 ring-1 ring-slate-200" data-testid="run-text">
          {run.text || <span className="text-slate-400 italic">(no text)</span>}
        </div>
        {run.toolCalls.length > 0 && (
          <pre className="overflow-x-auto rounded-lg bg-slate-50 px-4 py-3 font-mono text-xs ring-1 ring-slate-200">{JSON.stringify(run.toolCalls, null, 2)}</pre>
        )}
        <details className="text-sm">
          <summary className="cursor-pointer text-slate-500 hover:text-slate-800">Rendered prompt sent to the model</summary>
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

export function Playground({ projectId, prompt, version, onVersion, canRun }: { projectId: string; prompt: TPrompt; version: number; onVersion: (v: number) => void; canRun: boolean }) {
  const trpc = useTRPC();
  const v = prompt.versions.find((x) => x.version === version) ?? prompt.versions[0]!;
  const [values, setValues] = useState<Record<string, string>>({});
  const run = useMutation(trpc.prompts.run.mutationOptions());
  const errors = formErrors(run.error, ["variables", "model", "params.temperature", "params.topP"]);
  const paramError = errors.fields["params.temperature"] ?? errors.fields["params.topP"];
  const providerProblem = errorCode(run.error) === "PRECONDITION_FAILED";
  const runMessage = run.error ? (errors.fields.variables ?? errors.fields.model ?? paramError ?? errors.form) : undefined;

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    const variables = Object.fromEntries(v.variables.filter((n) => values[n] !== undefined && values[n] !== "").map((n) => [n, values[n]!]));
    run.mutate({ projectId, promptId: prompt.id, version: v.version, variables });
  }

  return (
    <div className="grid items-start gap-6 lg:grid-cols-[minmax(0,2fr)_minmax(0,3fr)]">
      <Card aria-labelledby="playground-heading">
        <CardHeader id="playground-heading" title="Playground" description="Runs the version with the project's provider key; nothing is saved." />
        <form onSubmit={onSubmit} noValidate>
          <CardBody className="space-y-4">
            <div>
              <Label htmlFor="pg-version" className="mb-1.5">
                Version
              </Label>
              <Select
                id="pg-version"
                value={v.version}
                onChange={(e) => {
                  onVersion(Number(e.target.value));
                  run.reset();
                }}
              >
                {prompt.versions.map((x) => (
                  <option key={x.version} value={x.version}>
                    v{x.version} · {x.model}
                  </option>
                ))}
              </Select>
            </div>
            {v.variables.length === 0 && <p className="text-sm text-slate-500">This version has no variables.</p>}
            {v.variables.map((n) => (
              <Field key={n} id={`var-${n}`} label={<code className="font-mono text-violet-700">{`{{${n}}}`}</code>} error={errors.fields.variables && !values[n]?.trim() ? "Required" : undefined}>
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
                {paramError && <span className="mt-1 block text-xs">Create a new version without the parameter, then run that version.</span>}
                {(providerProblem || errors.fields.model) && (
                  <Link href={`/projects/${projectId}/settings/providers`} className="mt-1 flex items-center gap-1 font-medium text-red-800 underline">
                    Open model provider settings <ArrowRight className="size-3.5" aria-hidden />
                  </Link>
                )}
              </FormError>
            )}
          </CardBody>
          <CardFooter>
            <Button type="submit" loading={run.isPending} disabled={!canRun}>
              <Play className="size-4" aria-hidden />
              Run
            </Button>
          </CardFooter>
        </form>
      </Card>
      <div>
        {run.data ? (
          <RunResult run={run.data} />
        ) : (
          <div className="flex h-full min-h-48 items-center justify-center rounded-xl border border-dashed border-slate-300 px-6 text-center text-sm text-slate-500">
            {run.isPending ? "Waiting for the model…" : "Fill in the variables and press Run to see the output, tokens, cost and latency."}
          </div>
        )}
      </div>
    </div>
  );
}
