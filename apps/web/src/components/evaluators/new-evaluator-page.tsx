"use client";
import { useMutation, useQuery } from "@tanstack/react-query";
import { Plus, Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { ProjectFrame } from "~/components/projects/project-frame";
import { Button } from "~/components/ui/button";
import { Card, CardBody, CardFooter, CardHeader } from "~/components/ui/card";
import { Field, fieldProps } from "~/components/ui/field";
import { FormError } from "~/components/ui/form-error";
import { Input } from "~/components/ui/input";
import { PageHeader } from "~/components/ui/page-header";
import { Select } from "~/components/ui/select";
import { formErrors } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";

const STRATUM_FIELDS = [
  ["model", "Model"],
  ["promptVersion", "Prompt version (name vN)"],
  ["tag", "Tag"],
  ["name", "Trace name"],
  ["environment", "Environment"],
  ["release", "Release"],
] as const;

/** "10" (percent) → 0.1; "" → NaN so the server names the field. */
const fromPct = (s: string) => (s.trim() === "" ? Number.NaN : Number(s) / 100);
const optNum = (s: string) => (s.trim() === "" ? null : Number(s));

export function NewEvaluatorPage({ projectId }: { projectId: string }) {
  const router = useRouter();
  const list = `/projects/${projectId}/evaluators`;
  return (
    <ProjectFrame projectId={projectId} label="new evaluator">
      {(_p, crumbs) => (
        <>
          <PageHeader
            crumbs={crumbs({ label: "Evaluators", href: list }, { label: "New" })}
            title="New online evaluator"
            description="Pick a grader, which traffic it judges, what feeds it, and how much of it to sample."
          />
          <EvaluatorForm projectId={projectId} onSaved={(id) => router.push(`${list}/${id}`)} />
        </>
      )}
    </ProjectFrame>
  );
}

function EvaluatorForm({ projectId, onSaved }: { projectId: string; onSaved: (id: string) => void }) {
  const trpc = useTRPC();
  const graders = useQuery(trpc.graders.list.queryOptions({ projectId }));
  const [name, setName] = useState("");
  const [graderId, setGraderId] = useState("");
  const [traceName, setTraceName] = useState("");
  const [tags, setTags] = useState("");
  const [environment, setEnvironment] = useState("");
  const [input, setInput] = useState("trace.input");
  const [output, setOutput] = useState("trace.output");
  const [expected, setExpected] = useState("");
  const [context, setContext] = useState("");
  const [rate, setRate] = useState("10");
  const [stratified, setStratified] = useState(false);
  const [stratumField, setStratumField] = useState<(typeof STRATUM_FIELDS)[number][0]>("model");
  const [strata, setStrata] = useState<Array<{ value: string; rate: string }>>([{ value: "", rate: "50" }]);
  const [errors, setErrorsOn] = useState(true);
  const [latency, setLatency] = useState("");
  const [pattern, setPattern] = useState("");
  const [negative, setNegative] = useState(true);
  const [callBudget, setCallBudget] = useState("");
  const [costBudget, setCostBudget] = useState("");

  const create = useMutation(trpc.onlineEvals.create.mutationOptions({ onSuccess: (r) => onSaved(r.id) }));
  const err = formErrors(create.error, [
    "name",
    "graderId",
    "filter",
    "mapping",
    "sampling",
    "dailyCallBudget",
    "dailyCostBudgetUsd",
  ]);

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    const tagList = tags
      .split(",")
      .map((t) => t.trim())
      .filter(Boolean);
    create.mutate({
      projectId,
      name,
      graderId,
      filter: {
        ...(traceName.trim() && { name: traceName.trim() }),
        ...(tagList.length && { tags: tagList }),
        ...(environment.trim() && { environment: environment.trim() }),
      },
      mapping: {
        input: input.trim(),
        output: output.trim(),
        expected: expected.trim() || null,
        context: context.trim() || null,
      },
      sampling: {
        rate: fromPct(rate),
        strata: stratified
          ? { field: stratumField, rates: strata.map((s) => ({ value: s.value, rate: fromPct(s.rate) })) }
          : null,
        always: {
          errors,
          latencyOverMs: optNum(latency),
          outputPattern: pattern.trim() || null,
          negativeFeedback: negative,
        },
      },
      dailyCallBudget: optNum(callBudget),
      dailyCostBudgetUsd: optNum(costBudget),
    });
  }

  const usable = (graders.data ?? []).filter((g) => g.type !== "pairwise_judge");
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-6">
      <Card>
        <CardHeader
          title="Grader and traffic"
          description="The explorer's filters choose which traces the rule sees."
        />
        <CardBody className="grid gap-4 md:grid-cols-2">
          <Field id="ev-name" label="Name" error={err.fields.name}>
            <Input
              {...fieldProps("ev-name", err.fields.name)}
              value={name}
              placeholder="helpfulness on support chat"
              onChange={(e) => setName(e.target.value)}
            />
          </Field>
          <Field id="ev-grader" label="Grader (latest version)" error={err.fields.graderId}>
            <Select
              {...fieldProps("ev-grader", err.fields.graderId)}
              value={graderId}
              onChange={(e) => setGraderId(e.target.value)}
            >
              <option value="">Choose a grader…</option>
              {usable.map((g) => (
                <option key={g.id} value={g.id}>
                  {g.name} (v{g.latestVersion}, {g.type})
                </option>
              ))}
            </Select>
          </Field>
          <Field id="ev-trace-name" label="Trace name" hint="Empty: every trace" error={err.fields.filter}>
            <Input
              {...fieldProps("ev-trace-name", err.fields.filter)}
              value={traceName}
              placeholder="support-chat"
              onChange={(e) => setTraceName(e.target.value)}
            />
          </Field>
          <Field id="ev-tags" label="Tags (all of, comma-separated)">
            <Input id="ev-tags" value={tags} onChange={(e) => setTags(e.target.value)} />
          </Field>
          <Field id="ev-env" label="Environment">
            <Input
              id="ev-env"
              value={environment}
              placeholder="production"
              onChange={(e) => setEnvironment(e.target.value)}
            />
          </Field>
        </CardBody>
      </Card>

      <Card>
        <CardHeader
          title="Variables"
          description="Which fields feed the grader: trace.input, trace.output, trace.metadata.<path>, observation.input|output|metadata.<path> (the trace's last generation)."
        />
        <CardBody className="grid gap-4 md:grid-cols-2">
          <Field id="ev-in" label="Input" error={err.fields.mapping}>
            <Input
              {...fieldProps("ev-in", err.fields.mapping)}
              value={input}
              onChange={(e) => setInput(e.target.value)}
            />
          </Field>
          <Field id="ev-out" label="Output">
            <Input id="ev-out" value={output} onChange={(e) => setOutput(e.target.value)} />
          </Field>
          <Field id="ev-exp" label="Expected (optional)">
            <Input
              id="ev-exp"
              value={expected}
              placeholder="trace.metadata.expected"
              onChange={(e) => setExpected(e.target.value)}
            />
          </Field>
          <Field id="ev-ctx" label="Context (optional, for faithfulness)">
            <Input
              id="ev-ctx"
              value={context}
              placeholder="observation.input"
              onChange={(e) => setContext(e.target.value)}
            />
          </Field>
        </CardBody>
      </Card>

      <Card>
        <CardHeader
          title="Sampling"
          description="Deterministic per rule: each rule hashes trace ids with its own salt, so re-runs pick the same traces and two rules judge different ones."
        />
        <CardBody className="space-y-4">
          {err.fields.sampling && <FormError>{err.fields.sampling}</FormError>}
          <Field
            id="ev-rate"
            label={stratified ? "Rate for traces in no stratum (%)" : "Sample rate (%)"}
            className="max-w-xs"
          >
            <Input id="ev-rate" inputMode="decimal" value={rate} onChange={(e) => setRate(e.target.value)} />
          </Field>
          <label className="flex items-center gap-2 text-sm text-slate-700">
            <input type="checkbox" checked={stratified} onChange={(e) => setStratified(e.target.checked)} />
            Stratify: a rate per value of a field, so small strata are covered
          </label>
          {stratified && (
            <div className="space-y-3 rounded-lg border border-slate-200 p-3">
              <Field id="ev-stratum-field" label="Stratum field" className="max-w-xs">
                <Select
                  id="ev-stratum-field"
                  value={stratumField}
                  onChange={(e) => setStratumField(e.target.value as typeof stratumField)}
                >
                  {STRATUM_FIELDS.map(([v, l]) => (
                    <option key={v} value={v}>
                      {l}
                    </option>
                  ))}
                </Select>
              </Field>
              {strata.map((s, i) => (
                <div key={i} className="flex items-end gap-2">
                  <Field id={`ev-stratum-${i}-value`} label={`Stratum ${i + 1} value`}>
                    <Input
                      id={`ev-stratum-${i}-value`}
                      value={s.value}
                      onChange={(e) => setStrata(strata.map((x, j) => (j === i ? { ...x, value: e.target.value } : x)))}
                    />
                  </Field>
                  <Field id={`ev-stratum-${i}-rate`} label={`Stratum ${i + 1} rate (%)`}>
                    <Input
                      id={`ev-stratum-${i}-rate`}
                      inputMode="decimal"
                      className="w-24"
                      value={s.rate}
                      onChange={(e) => setStrata(strata.map((x, j) => (j === i ? { ...x, rate: e.target.value } : x)))}
                    />
                  </Field>
                  <Button
                    type="button"
                    variant="ghost"
                    size="icon"
                    aria-label={`Remove stratum ${i + 1}`}
                    onClick={() => setStrata(strata.filter((_, j) => j !== i))}
                  >
                    <Trash2 className="size-4" aria-hidden />
                  </Button>
                </div>
              ))}
              <Button
                type="button"
                variant="secondary"
                size="sm"
                onClick={() => setStrata([...strata, { value: "", rate: "50" }])}
              >
                <Plus className="size-4" aria-hidden /> Add stratum
              </Button>
            </div>
          )}
          <fieldset className="space-y-2">
            <legend className="text-sm font-medium text-slate-700">Always judge (inclusion probability 1)</legend>
            <label className="flex items-center gap-2 text-sm text-slate-700">
              <input type="checkbox" checked={errors} onChange={(e) => setErrorsOn(e.target.checked)} /> Traces with an
              error
            </label>
            <label className="flex items-center gap-2 text-sm text-slate-700">
              <input type="checkbox" checked={negative} onChange={(e) => setNegative(e.target.checked)} /> Traces with
              negative feedback
            </label>
            <div className="grid gap-4 md:grid-cols-2">
              <Field id="ev-latency" label="Latency over (ms)">
                <Input
                  id="ev-latency"
                  inputMode="numeric"
                  value={latency}
                  onChange={(e) => setLatency(e.target.value)}
                />
              </Field>
              <Field
                id="ev-pattern"
                label="Output matches pattern"
                hint="Regular expression; linear-time engine (no lookarounds)"
              >
                <Input
                  id="ev-pattern"
                  value={pattern}
                  placeholder="I (can't|cannot) help"
                  onChange={(e) => setPattern(e.target.value)}
                />
              </Field>
            </div>
          </fieldset>
        </CardBody>
      </Card>

      <Card>
        <CardHeader
          title="Daily budget"
          description="After either limit, sampling pauses until 00:00 UTC and the rule page says so."
        />
        <CardBody className="grid gap-4 md:grid-cols-2">
          <Field id="ev-calls" label="Judge calls per day" error={err.fields.dailyCallBudget}>
            <Input
              {...fieldProps("ev-calls", err.fields.dailyCallBudget)}
              inputMode="numeric"
              value={callBudget}
              placeholder="no limit"
              onChange={(e) => setCallBudget(e.target.value)}
            />
          </Field>
          <Field id="ev-dollars" label="Dollars per day" error={err.fields.dailyCostBudgetUsd}>
            <Input
              {...fieldProps("ev-dollars", err.fields.dailyCostBudgetUsd)}
              inputMode="decimal"
              value={costBudget}
              placeholder="no limit"
              onChange={(e) => setCostBudget(e.target.value)}
            />
          </Field>
        </CardBody>
        <CardFooter className="flex items-center justify-end gap-3">
          {err.form && <FormError>{err.form}</FormError>}
          <Button type="submit" disabled={create.isPending}>
            {create.isPending ? "Creating…" : "Create evaluator"}
          </Button>
        </CardFooter>
      </Card>
    </form>
  );
}
