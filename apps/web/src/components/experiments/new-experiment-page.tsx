"use client";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { Plus, Trash2 } from "lucide-react";
import { useState, type FormEvent } from "react";
import { EXPERIMENT_PARTITIONS, type TExperimentPartition } from "@yardstick/contracts/experiments";
import { ProjectFrame } from "~/components/projects/project-frame";
import { Button, LinkButton } from "~/components/ui/button";
import { Card, CardBody, CardFooter, CardHeader } from "~/components/ui/card";
import { Field, fieldProps } from "~/components/ui/field";
import { FormError } from "~/components/ui/form-error";
import { Input } from "~/components/ui/input";
import { PageHeader } from "~/components/ui/page-header";
import { Select } from "~/components/ui/select";
import { Textarea } from "~/components/ui/textarea";
import { formErrors, type TFormErrors } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";

const FIELDS = [
  "datasetId",
  "datasetVersion",
  "partitions",
  "arms",
  "graders",
  "repeats",
  "concurrency",
  "name",
  "description",
  "gitCommit",
] as const;

type TArmDraft = { promptId: string; mode: "version" | "label"; version: string; label: string };
type TGraderDraft = { on: boolean; threshold: string; metric: "passRate" | "meanScore" };

/** Service errors name a path ("arms.1.label"): show them under the field they start with. */
function errorsOf(error: unknown): TFormErrors {
  const out = formErrors(error, FIELDS);
  const field = (error as { data?: { field?: string } } | null)?.data?.field;
  const head = field?.split(".")[0];
  if (head && (FIELDS as readonly string[]).includes(head) && !out.fields[head] && error instanceof Error) {
    return { fields: { ...out.fields, [head]: error.message }, form: undefined };
  }
  return out;
}

function optionalInt(s: string): number | undefined {
  return s.trim() === "" ? undefined : Number(s);
}

function NewExperimentForm({ projectId }: { projectId: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const datasets = useQuery(trpc.datasets.list.queryOptions({ projectId }));
  const prompts = useQuery(trpc.prompts.list.queryOptions({ projectId }));
  const graders = useQuery(trpc.graders.list.queryOptions({ projectId }));
  const [datasetId, setDatasetId] = useState("");
  const [datasetVersion, setDatasetVersion] = useState("");
  const [partitions, setPartitions] = useState<TExperimentPartition[]>([...EXPERIMENT_PARTITIONS]);
  const [arms, setArms] = useState<TArmDraft[]>([{ promptId: "", mode: "version", version: "", label: "" }]);
  const [graderDrafts, setGraderDrafts] = useState<Record<string, TGraderDraft>>({});
  const [repeats, setRepeats] = useState("1");
  const [concurrency, setConcurrency] = useState("4");
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [gitCommit, setGitCommit] = useState("");
  const create = useMutation(
    trpc.experiments.create.mutationOptions({
      onSuccess: (run) => router.push(`/projects/${projectId}/experiments/${run.id}`),
    }),
  );
  const errors = errorsOf(create.error);
  const dataset = datasets.data?.find((d) => d.id === datasetId);

  function setArm(i: number, patch: Partial<TArmDraft>) {
    setArms((a) => a.map((x, j) => (j === i ? { ...x, ...patch } : x)));
  }
  function grader(id: string): TGraderDraft {
    return graderDrafts[id] ?? { on: false, threshold: "", metric: "passRate" };
  }
  function setGrader(id: string, patch: Partial<TGraderDraft>) {
    setGraderDrafts((g) => ({ ...g, [id]: { ...grader(id), ...patch } }));
  }

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    create.mutate({
      projectId,
      datasetId,
      datasetVersion: optionalInt(datasetVersion),
      // All partitions ticked = the whole dataset version.
      partitions: partitions.length === EXPERIMENT_PARTITIONS.length ? undefined : partitions,
      arms: arms.map((a) =>
        a.mode === "version"
          ? {
              promptId: a.promptId,
              version: optionalInt(a.version) ?? prompts.data?.find((p) => p.id === a.promptId)?.latestVersion,
            }
          : { promptId: a.promptId, label: a.label },
      ),
      graders: Object.entries(graderDrafts)
        .filter(([, g]) => g.on)
        .map(([graderId, g]) => ({
          graderId,
          threshold: g.threshold.trim() === "" ? null : Number(g.threshold),
          thresholdMetric: g.metric,
        })),
      repeats: Number(repeats),
      concurrency: Number(concurrency),
      name: name.trim() || null,
      description: description.trim() || null,
      gitCommit: gitCommit.trim() || null,
    });
  }

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-6">
      <Card aria-labelledby="ds-title">
        <CardHeader id="ds-title" title="Dataset" description="The items every prompt version answers." />
        <CardBody className="grid gap-4 sm:grid-cols-2">
          <Field id="datasetId" label="Dataset" error={errors.fields.datasetId}>
            <Select
              {...fieldProps("datasetId", errors.fields.datasetId)}
              value={datasetId}
              onChange={(e) => setDatasetId(e.target.value)}
            >
              <option value="">Choose a dataset</option>
              {datasets.data?.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name} (v{d.latestVersion}, {d.itemCount} items)
                </option>
              ))}
            </Select>
          </Field>
          <Field
            id="datasetVersion"
            label="Dataset version"
            hint={dataset ? `Empty = latest (v${dataset.latestVersion})` : "Empty = latest"}
            error={errors.fields.datasetVersion}
          >
            <Input
              {...fieldProps("datasetVersion", errors.fields.datasetVersion)}
              type="number"
              min={1}
              value={datasetVersion}
              placeholder="latest"
              onChange={(e) => setDatasetVersion(e.target.value)}
            />
          </Field>
          <fieldset className="sm:col-span-2">
            <legend className="mb-1.5 text-sm font-medium text-slate-700">Partitions</legend>
            <div className="flex flex-wrap gap-4">
              {EXPERIMENT_PARTITIONS.map((p) => (
                <label key={p} className="flex items-center gap-1.5 text-sm text-slate-700">
                  <input
                    type="checkbox"
                    checked={partitions.includes(p)}
                    onChange={(e) => setPartitions((ps) => (e.target.checked ? [...ps, p] : ps.filter((x) => x !== p)))}
                  />
                  {p}
                </label>
              ))}
            </div>
            {errors.fields.partitions && <p className="mt-1.5 text-sm text-red-600">{errors.fields.partitions}</p>}
          </fieldset>
        </CardBody>
      </Card>

      <Card aria-labelledby="arms-title">
        <CardHeader
          id="arms-title"
          title="Prompt versions"
          description="Each one is an arm of the run; two or more can be compared afterwards."
          actions={
            arms.length < 8 && (
              <Button
                variant="secondary"
                size="sm"
                onClick={() =>
                  setArms((a) => [
                    ...a,
                    { promptId: a[a.length - 1]?.promptId ?? "", mode: "version", version: "", label: "" },
                  ])
                }
              >
                <Plus className="size-3.5" aria-hidden />
                Add prompt version
              </Button>
            )
          }
        />
        <CardBody className="space-y-3">
          {arms.map((a, i) => {
            const prompt = prompts.data?.find((p) => p.id === a.promptId);
            return (
              <div key={i} className="grid items-end gap-3 sm:grid-cols-[1fr_8rem_1fr_auto]">
                <Field id={`arm-${i}-prompt`} label={`Prompt ${i + 1}`}>
                  <Select
                    id={`arm-${i}-prompt`}
                    value={a.promptId}
                    onChange={(e) => setArm(i, { promptId: e.target.value })}
                  >
                    <option value="">Choose a prompt</option>
                    {prompts.data?.map((p) => (
                      <option key={p.id} value={p.id}>
                        {p.name}
                      </option>
                    ))}
                  </Select>
                </Field>
                <Field id={`arm-${i}-mode`} label="By">
                  <Select
                    id={`arm-${i}-mode`}
                    value={a.mode}
                    onChange={(e) => setArm(i, { mode: e.target.value as TArmDraft["mode"] })}
                  >
                    <option value="version">Version</option>
                    <option value="label">Label</option>
                  </Select>
                </Field>
                {a.mode === "version" ? (
                  <Field id={`arm-${i}-version`} label="Version">
                    <Select
                      id={`arm-${i}-version`}
                      value={a.version}
                      onChange={(e) => setArm(i, { version: e.target.value })}
                    >
                      <option value="">latest{prompt ? ` (v${prompt.latestVersion})` : ""}</option>
                      {prompt &&
                        Array.from({ length: prompt.latestVersion }, (_, k) => prompt.latestVersion - k).map((v) => (
                          <option key={v} value={String(v)}>
                            v{v}
                          </option>
                        ))}
                    </Select>
                  </Field>
                ) : (
                  <Field id={`arm-${i}-label`} label="Label">
                    <Select
                      id={`arm-${i}-label`}
                      value={a.label}
                      onChange={(e) => setArm(i, { label: e.target.value })}
                    >
                      <option value="">Choose a label</option>
                      {prompt?.labels.map((l) => (
                        <option key={l.name} value={l.name}>
                          {l.name} (v{l.version})
                        </option>
                      ))}
                    </Select>
                  </Field>
                )}
                <Button
                  variant="ghost"
                  size="icon"
                  aria-label={`Remove prompt ${i + 1}`}
                  disabled={arms.length === 1}
                  onClick={() => setArms((x) => x.filter((_, j) => j !== i))}
                >
                  <Trash2 className="size-4" aria-hidden />
                </Button>
              </div>
            );
          })}
          {errors.fields.arms && <p className="text-sm text-red-600">{errors.fields.arms}</p>}
        </CardBody>
      </Card>

      <Card aria-labelledby="graders-title">
        <CardHeader
          id="graders-title"
          title="Graders"
          description="Each output is scored by every chosen grader. A threshold makes it a gate: the run fails below it."
        />
        <CardBody className="space-y-2">
          {graders.data?.length === 0 && (
            <p className="text-sm text-slate-500">No graders yet: create one under Graders first.</p>
          )}
          {graders.data?.map((g) => {
            const d = grader(g.id);
            return (
              <div key={g.id} className="flex flex-wrap items-center gap-3">
                <label className="flex w-72 items-center gap-2 text-sm text-slate-700">
                  <input type="checkbox" checked={d.on} onChange={(e) => setGrader(g.id, { on: e.target.checked })} />
                  <span className="truncate font-mono">{g.name}</span>
                  <span className="text-xs text-slate-500">v{g.latestVersion}</span>
                </label>
                {d.on && (
                  <>
                    <Select
                      aria-label={`${g.name} threshold metric`}
                      className="w-40"
                      value={d.metric}
                      onChange={(e) => setGrader(g.id, { metric: e.target.value as TGraderDraft["metric"] })}
                    >
                      <option value="passRate">pass rate ≥</option>
                      <option value="meanScore">mean score ≥</option>
                    </Select>
                    <div className="w-28">
                      <Input
                        aria-label={`${g.name} threshold`}
                        type="number"
                        step="0.01"
                        min={0}
                        max={1}
                        placeholder="no gate"
                        value={d.threshold}
                        onChange={(e) => setGrader(g.id, { threshold: e.target.value })}
                      />
                    </div>
                  </>
                )}
              </div>
            );
          })}
          {errors.fields.graders && <p className="text-sm text-red-600">{errors.fields.graders}</p>}
        </CardBody>
      </Card>

      <Card aria-labelledby="run-title">
        <CardHeader id="run-title" title="Run" />
        <CardBody className="grid gap-4 sm:grid-cols-2">
          <Field id="name" label="Name" hint="Optional" error={errors.fields.name}>
            <Input {...fieldProps("name", errors.fields.name)} value={name} onChange={(e) => setName(e.target.value)} />
          </Field>
          <Field
            id="gitCommit"
            label="Git commit"
            hint="Optional: the commit this run checks"
            error={errors.fields.gitCommit}
          >
            <Input
              {...fieldProps("gitCommit", errors.fields.gitCommit)}
              className="font-mono"
              value={gitCommit}
              onChange={(e) => setGitCommit(e.target.value)}
            />
          </Field>
          <Field
            id="repeats"
            label="Repeats"
            hint="Runs of each item per prompt (1-10): more repeats expose flaky cases"
            error={errors.fields.repeats}
          >
            <Input
              {...fieldProps("repeats", errors.fields.repeats)}
              type="number"
              min={1}
              max={10}
              value={repeats}
              onChange={(e) => setRepeats(e.target.value)}
            />
          </Field>
          <Field
            id="concurrency"
            label="Concurrency"
            hint="Model calls in flight at once (1-64)"
            error={errors.fields.concurrency}
          >
            <Input
              {...fieldProps("concurrency", errors.fields.concurrency)}
              type="number"
              min={1}
              max={64}
              value={concurrency}
              onChange={(e) => setConcurrency(e.target.value)}
            />
          </Field>
          <Field id="description" label="Description" className="sm:col-span-2" error={errors.fields.description}>
            <Textarea
              {...fieldProps("description", errors.fields.description)}
              rows={2}
              value={description}
              onChange={(e) => setDescription(e.target.value)}
            />
          </Field>
          <div className="sm:col-span-2">
            <FormError>{errors.form}</FormError>
          </div>
        </CardBody>
        <CardFooter>
          <LinkButton variant="secondary" href={`/projects/${projectId}/experiments`}>
            Cancel
          </LinkButton>
          <Button type="submit" loading={create.isPending}>
            Start experiment
          </Button>
        </CardFooter>
      </Card>
    </form>
  );
}

export function NewExperimentPage({ projectId }: { projectId: string }) {
  return (
    <ProjectFrame projectId={projectId} label="new experiment">
      {(_p, crumbs) => (
        <>
          <PageHeader
            crumbs={crumbs({ label: "Experiments", href: `/projects/${projectId}/experiments` }, { label: "New" })}
            title="New experiment"
            description="Run prompt versions over a dataset and grade every output."
          />
          <NewExperimentForm projectId={projectId} />
        </>
      )}
    </ProjectFrame>
  );
}
