"use client";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { Plus, Trash2 } from "lucide-react";
import { useState, type FormEvent } from "react";
import {
  METRIC_KINDS,
  ONLINE_MODES,
  ONLINE_UNIT_TYPES,
  type TMetricKind,
  type TOnlineMode,
  type TOnlineUnitType,
} from "@yardstick/contracts/online-experiments";
import { ProjectFrame } from "~/components/projects/project-frame";
import { Button, LinkButton } from "~/components/ui/button";
import { Card, CardBody, CardFooter, CardHeader } from "~/components/ui/card";
import { Field, fieldProps } from "~/components/ui/field";
import { FormError } from "~/components/ui/form-error";
import { Input } from "~/components/ui/input";
import { PageHeader } from "~/components/ui/page-header";
import { Select } from "~/components/ui/select";
import { Textarea } from "~/components/ui/textarea";
import { formErrors } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";
import { MODE_LABEL, UNIT_LABEL } from "./format";

const FIELDS = [
  "key",
  "name",
  "hypothesis",
  "unitAttribute",
  "coverage",
  "variants",
  "primaryMetric",
  "promptId",
] as const;

const METRIC_LABEL: Record<TMetricKind, string> = {
  thumbs_up_rate: "Thumbs-up rate (feedback)",
  mean_rating: "Mean rating (feedback)",
  score: "Score (judge, human or API)",
  cost: "Cost per unit",
  latency: "Latency",
  error_rate: "Error rate",
  event: "Named event rate (e.g. task_completed)",
};
const GUARDRAILS = ["error_rate", "latency", "cost"] as const;

type TVariantDraft = { key: string; name: string; promptVersionId: string; modelOverride: string; weight: string };

function NewForm({ projectId }: { projectId: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const prompts = useQuery(trpc.prompts.list.queryOptions({ projectId }));
  const [key, setKey] = useState("");
  const [name, setName] = useState("");
  const [hypothesis, setHypothesis] = useState("");
  const [unitType, setUnitType] = useState<TOnlineUnitType>("userId");
  const [unitAttribute, setUnitAttribute] = useState("");
  const [mode, setMode] = useState<TOnlineMode>("fixed");
  const [coverage, setCoverage] = useState("100");
  const [promptId, setPromptId] = useState("");
  const [metricKind, setMetricKind] = useState<TMetricKind>("thumbs_up_rate");
  const [metricName, setMetricName] = useState("");
  const [guardrails, setGuardrails] = useState<string[]>(["error_rate"]);
  const [interval, setIntervalMin] = useState("5");
  const [burnIn, setBurnIn] = useState("50");
  const [floor, setFloor] = useState("5");
  const [variants, setVariants] = useState<TVariantDraft[]>([
    { key: "control", name: "Control", promptVersionId: "", modelOverride: "", weight: "50" },
    { key: "treatment", name: "Treatment", promptVersionId: "", modelOverride: "", weight: "50" },
  ]);
  const prompt = useQuery({
    ...trpc.prompts.get.queryOptions({ projectId, promptId }),
    enabled: promptId !== "",
  });
  const create = useMutation(
    trpc.onlineExperiments.create.mutationOptions({
      onSuccess: (e) => router.push(`/projects/${projectId}/online-experiments/${e.id}`),
    }),
  );
  const errors = formErrors(create.error, FIELDS);
  const bandit = mode === "thompson" || mode === "ucb1" || mode === "epsilon_greedy";
  const weightsTotal = variants.reduce((s, v) => s + (Number(v.weight) || 0), 0);

  function setVariant(i: number, patch: Partial<TVariantDraft>) {
    setVariants((vs) => vs.map((v, j) => (j === i ? { ...v, ...patch } : v)));
  }

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    const needsName = metricKind === "score" || metricKind === "event";
    create.mutate({
      projectId,
      key: key.trim(),
      name,
      hypothesis,
      unitType,
      unitAttribute: unitType === "attribute" ? unitAttribute.trim() : null,
      mode,
      coverage: Number(coverage) / 100,
      promptId: promptId || null,
      primaryMetric: { kind: metricKind, ...(needsName && { name: metricName.trim() }) },
      guardrails: guardrails.filter((g) => g !== metricKind).map((g) => ({ kind: g as TMetricKind })),
      variants: variants.map((v) => ({
        key: v.key.trim(),
        name: v.name,
        promptVersionId: v.promptVersionId || null,
        modelOverride: v.modelOverride.trim() || null,
        weight: (Number(v.weight) || 0) / 100,
      })),
      banditIntervalMinutes: Number(interval),
      banditBurnIn: Number(burnIn),
      banditFloor: Number(floor) / 100,
    });
  }

  return (
    <form onSubmit={onSubmit} noValidate>
      <Card>
        <CardHeader title="Experiment" description="What you test, on whom, and how success is measured." />
        <CardBody className="grid gap-5 md:grid-cols-2">
          <Field id="oe-name" label="Name" error={errors.fields.name}>
            <Input
              {...fieldProps("oe-name", errors.fields.name)}
              value={name}
              onChange={(e) => setName(e.target.value)}
            />
          </Field>
          <Field
            id="oe-key"
            label="Key"
            hint="What your application passes to getVariant, e.g. support-tone"
            error={errors.fields.key}
          >
            <Input
              {...fieldProps("oe-key", errors.fields.key, "hint")}
              value={key}
              onChange={(e) => setKey(e.target.value)}
              className="font-mono"
            />
          </Field>
          <Field id="oe-hypothesis" label="Hypothesis" className="md:col-span-2" error={errors.fields.hypothesis}>
            <Textarea
              {...fieldProps("oe-hypothesis", errors.fields.hypothesis)}
              rows={2}
              value={hypothesis}
              onChange={(e) => setHypothesis(e.target.value)}
              placeholder="A warmer system prompt raises the thumbs-up rate without costing more"
            />
          </Field>
          <Field id="oe-mode" label="Allocation">
            <Select id="oe-mode" value={mode} onChange={(e) => setMode(e.target.value as TOnlineMode)}>
              {ONLINE_MODES.map((m) => (
                <option key={m} value={m}>
                  {MODE_LABEL[m]}
                </option>
              ))}
            </Select>
          </Field>
          <Field id="oe-unit" label="Unit" hint="Each unit keeps its variant (sticky)">
            <Select id="oe-unit" value={unitType} onChange={(e) => setUnitType(e.target.value as TOnlineUnitType)}>
              {ONLINE_UNIT_TYPES.map((u) => (
                <option key={u} value={u}>
                  {UNIT_LABEL[u]}
                </option>
              ))}
            </Select>
          </Field>
          {unitType === "attribute" && (
            <Field id="oe-attr" label="Attribute name" error={errors.fields.unitAttribute}>
              <Input
                {...fieldProps("oe-attr", errors.fields.unitAttribute)}
                value={unitAttribute}
                onChange={(e) => setUnitAttribute(e.target.value)}
                placeholder="accountId"
              />
            </Field>
          )}
          <Field id="oe-coverage" label="Coverage (% of units)" error={errors.fields.coverage}>
            <Input
              {...fieldProps("oe-coverage", errors.fields.coverage)}
              type="number"
              min={1}
              max={100}
              value={coverage}
              onChange={(e) => setCoverage(e.target.value)}
            />
          </Field>
          <Field id="oe-metric" label="Primary metric" error={errors.fields.primaryMetric}>
            <Select id="oe-metric" value={metricKind} onChange={(e) => setMetricKind(e.target.value as TMetricKind)}>
              {METRIC_KINDS.map((k) => (
                <option key={k} value={k}>
                  {METRIC_LABEL[k]}
                </option>
              ))}
            </Select>
          </Field>
          {(metricKind === "score" || metricKind === "event") && (
            <Field id="oe-metric-name" label={metricKind === "score" ? "Score name" : "Event name"}>
              <Input
                id="oe-metric-name"
                value={metricName}
                onChange={(e) => setMetricName(e.target.value)}
                placeholder={metricKind === "score" ? "helpfulness" : "task_completed"}
              />
            </Field>
          )}
          <fieldset className="md:col-span-2">
            <legend className="text-sm font-medium text-slate-700">
              Guardrails (flagged when significantly worse)
            </legend>
            <div className="mt-2 flex flex-wrap gap-4">
              {GUARDRAILS.map((g) => (
                <label key={g} className="flex items-center gap-2 text-sm text-slate-700">
                  <input
                    type="checkbox"
                    checked={guardrails.includes(g)}
                    onChange={(e) => setGuardrails((gs) => (e.target.checked ? [...gs, g] : gs.filter((x) => x !== g)))}
                  />
                  {METRIC_LABEL[g]}
                </label>
              ))}
            </div>
          </fieldset>
          {bandit && (
            <div className="grid gap-4 md:col-span-2 md:grid-cols-3">
              <Field id="oe-interval" label="Recompute every (minutes)">
                <Input
                  id="oe-interval"
                  type="number"
                  min={1}
                  value={interval}
                  onChange={(e) => setIntervalMin(e.target.value)}
                />
              </Field>
              <Field id="oe-burnin" label="Burn-in (units per arm)">
                <Input
                  id="oe-burnin"
                  type="number"
                  min={0}
                  value={burnIn}
                  onChange={(e) => setBurnIn(e.target.value)}
                />
              </Field>
              <Field id="oe-floor" label="Floor (% per arm)">
                <Input
                  id="oe-floor"
                  type="number"
                  min={0}
                  max={50}
                  value={floor}
                  onChange={(e) => setFloor(e.target.value)}
                />
              </Field>
            </div>
          )}
        </CardBody>
      </Card>

      <Card className="mt-6">
        <CardHeader
          title="Variants"
          description="The first variant is the control. Each serves a version of the prompt, optionally with another model."
        />
        <CardBody className="space-y-5">
          <Field
            id="oe-prompt"
            label="Prompt"
            hint="Ship moves this prompt's production label to the winner"
            error={errors.fields.promptId}
          >
            <Select id="oe-prompt" value={promptId} onChange={(e) => setPromptId(e.target.value)}>
              <option value="">No prompt (variants by key only)</option>
              {prompts.data?.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </Select>
          </Field>
          <ul className="space-y-3" aria-label="Variants">
            {variants.map((v, i) => (
              <li
                key={i}
                className="grid items-end gap-3 rounded-lg border border-slate-200 p-3 md:grid-cols-[1fr_1fr_1.2fr_1fr_6rem_auto]"
              >
                <Field id={`oe-v${i}-key`} label={i === 0 ? "Variant key (control)" : "Variant key"}>
                  <Input
                    id={`oe-v${i}-key`}
                    className="font-mono"
                    value={v.key}
                    onChange={(e) => setVariant(i, { key: e.target.value })}
                  />
                </Field>
                <Field id={`oe-v${i}-name`} label="Variant name">
                  <Input
                    id={`oe-v${i}-name`}
                    value={v.name}
                    onChange={(e) => setVariant(i, { name: e.target.value })}
                  />
                </Field>
                <Field id={`oe-v${i}-version`} label="Prompt version">
                  <Select
                    id={`oe-v${i}-version`}
                    value={v.promptVersionId}
                    disabled={!promptId}
                    onChange={(e) => setVariant(i, { promptVersionId: e.target.value })}
                  >
                    <option value="">—</option>
                    {prompt.data?.versions.map((pv) => (
                      <option key={pv.id} value={pv.id}>
                        v{pv.version} · {pv.commitMessage}
                      </option>
                    ))}
                  </Select>
                </Field>
                <Field id={`oe-v${i}-model`} label="Model override">
                  <Input
                    id={`oe-v${i}-model`}
                    value={v.modelOverride}
                    placeholder="optional"
                    onChange={(e) => setVariant(i, { modelOverride: e.target.value })}
                  />
                </Field>
                <Field id={`oe-v${i}-weight`} label="Weight %">
                  <Input
                    id={`oe-v${i}-weight`}
                    type="number"
                    min={0}
                    max={100}
                    disabled={mode !== "fixed"}
                    value={v.weight}
                    onChange={(e) => setVariant(i, { weight: e.target.value })}
                  />
                </Field>
                <Button
                  type="button"
                  variant="ghost"
                  size="icon"
                  aria-label={`Remove variant ${i + 1}`}
                  disabled={variants.length <= 2}
                  onClick={() => setVariants((vs) => vs.filter((_, j) => j !== i))}
                >
                  <Trash2 className="size-4" aria-hidden />
                </Button>
              </li>
            ))}
          </ul>
          <div className="flex items-center justify-between">
            <Button
              type="button"
              variant="secondary"
              size="sm"
              disabled={variants.length >= 8 || mode === "interleaving"}
              onClick={() =>
                setVariants((vs) => [
                  ...vs,
                  {
                    key: `variant-${vs.length}`,
                    name: `Variant ${vs.length}`,
                    promptVersionId: "",
                    modelOverride: "",
                    weight: "0",
                  },
                ])
              }
            >
              <Plus className="size-4" aria-hidden /> Add variant
            </Button>
            {mode === "fixed" && (
              <p className={weightsTotal === 100 ? "text-xs text-slate-500" : "text-xs text-amber-700"}>
                Weights total {weightsTotal}% {weightsTotal === 100 ? "" : "(must be 100%)"}
              </p>
            )}
            {mode !== "fixed" && (
              <p className="text-xs text-slate-500">
                {mode === "interleaving"
                  ? "Both variants are served to every request."
                  : "The bandit sets the weights."}
              </p>
            )}
          </div>
          {errors.fields.variants && <p className="text-sm text-red-600">{errors.fields.variants}</p>}
        </CardBody>
        <CardFooter>
          <FormError>{errors.form}</FormError>
          <LinkButton href={`/projects/${projectId}/online-experiments`} variant="ghost">
            Cancel
          </LinkButton>
          <Button type="submit" loading={create.isPending}>
            Create draft
          </Button>
        </CardFooter>
      </Card>
    </form>
  );
}

export function NewOnlineExperimentPage({ projectId }: { projectId: string }) {
  return (
    <ProjectFrame projectId={projectId} label="new online experiment">
      {(_p, crumbs) => (
        <>
          <PageHeader
            crumbs={crumbs(
              { label: "Online experiments", href: `/projects/${projectId}/online-experiments` },
              { label: "New" },
            )}
            title="New online experiment"
            description="Created as a draft; start it when your application calls getVariant."
          />
          <NewForm projectId={projectId} />
        </>
      )}
    </ProjectFrame>
  );
}
