"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Info } from "lucide-react";
import { useState, type FormEvent } from "react";
import { Button } from "~/components/ui/button";
import { Card, CardBody, CardFooter, CardHeader } from "~/components/ui/card";
import { Field, fieldProps } from "~/components/ui/field";
import { FormError } from "~/components/ui/form-error";
import { Input } from "~/components/ui/input";
import { Select } from "~/components/ui/select";
import { Textarea } from "~/components/ui/textarea";
import { useToast } from "~/components/ui/toast";
import {
  configJson,
  errorField,
  EXAMPLE_CONFIGS,
  GRADER_TYPE_META,
  GRADER_TYPES,
  isJudgeGraderType,
  judgeConfigOf,
  judgeDraftOf,
  judgeFieldOf,
  parseJsonText,
  type TGraderType,
  type TGraderVersion,
  type TJudgeDraft,
  type TJudgeField,
} from "~/lib/graders";
import {
  graderConfigOf,
  graderFormDraftOf,
  graderFormFieldOf,
  hasGraderForm,
  type TFormGraderType,
  type TGraderFormDraft,
} from "~/lib/grader-forms";
import { formErrors } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";
import { GraderFormFields } from "./grader-form-fields";
import { JudgeFields } from "./judge-fields";

const FIELDS = ["name", "message", "subjectModel"] as const;
type TField = (typeof FIELDS)[number] | "type" | "config" | TJudgeField;

function exampleJson(type: TGraderType): string {
  return type === "llm_judge" ? "" : configJson(EXAMPLE_CONFIGS[type]);
}

/**
 * Writes a new immutable grader version. For a new grader the name is editable; for a new version
 * the form starts from `base` (the latest version). LLM judges and the deterministic types get a
 * form (with the raw JSON behind "Advanced (JSON)"); constraint sets and the other judges are JSON.
 */
export function GraderEditor({
  projectId,
  name,
  base,
  onSaved,
  onCancel,
}: {
  projectId: string;
  name?: string;
  base?: TGraderVersion;
  onSaved: (res: { graderId: string; version: number }) => void;
  onCancel: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const isNew = name === undefined;
  const [draftName, setDraftName] = useState(name ?? "");
  const [type, setType] = useState<TGraderType>(base?.config.type ?? "llm_judge");
  const [judge, setJudge] = useState<TJudgeDraft>(() =>
    judgeDraftOf(base?.config.type === "llm_judge" ? base.config : undefined),
  );
  const [json, setJson] = useState<Partial<Record<TGraderType, string>>>(() =>
    base && base.config.type !== "llm_judge" ? { [base.config.type]: configJson(base.config) } : {},
  );
  const [forms, setForms] = useState<Partial<Record<TFormGraderType, TGraderFormDraft>>>(() =>
    base && hasGraderForm(base.config.type)
      ? { [base.config.type]: graderFormDraftOf(base.config.type, base.config) }
      : {},
  );
  const [advanced, setAdvanced] = useState(false);
  const [formLocal, setFormLocal] = useState<Record<string, string | undefined>>({});
  const [subjectModel, setSubjectModel] = useState(base?.subjectModel ?? "");
  const [message, setMessage] = useState("");
  const [local, setLocal] = useState<Partial<Record<TField, string>>>({});
  const [unchanged, setUnchanged] = useState<number | null>(null);
  const save = useMutation(
    trpc.graders.createVersion.mutationOptions({
      onSuccess: async (res) => {
        if (!res.changed) {
          setUnchanged(res.version.version);
          return;
        }
        await queryClient.invalidateQueries({ queryKey: trpc.graders.pathKey() });
        toast.success(`Saved ${res.grader.name} v${res.version.version}`);
        onSaved({ graderId: res.grader.id, version: res.version.version });
      },
    }),
  );

  // Saving under an existing name adds a version to that grader; say so before it happens.
  const existing = useQuery({ ...trpc.graders.list.queryOptions({ projectId }), enabled: isNew }).data?.find(
    (g) => g.name === draftName.trim(),
  );
  const server = formErrors(save.error, FIELDS);
  const path = errorField(save.error);
  const useForm = hasGraderForm(type) && !advanced;
  const serverConfig: Partial<Record<TField, string>> = {};
  const serverForm: Record<string, string> = {};
  if (path?.startsWith("config") && save.error) {
    const judgeField = type === "llm_judge" ? judgeFieldOf(path) : undefined;
    const formField = useForm ? graderFormFieldOf(type, path) : undefined;
    if (path === "config.type") serverConfig.type = save.error.message;
    else if (judgeField) serverConfig[judgeField] = save.error.message;
    else if (formField) serverForm[formField] = save.error.message;
    else if (type !== "llm_judge") serverConfig.config = save.error.message;
  }
  const placed = Object.keys(serverConfig).length + Object.keys(serverForm).length > 0;
  const formDraft = hasGraderForm(type) ? (forms[type] ?? graderFormDraftOf(type)) : {};
  const formErr = (k: string) => formLocal[k] ?? serverForm[k];

  /** Switches between the form and the raw JSON, carrying the config across. */
  function toggleAdvanced() {
    if (!hasGraderForm(type)) return;
    if (!advanced) {
      setJson((j) => ({ ...j, [type]: configJson(graderConfigOf(type, formDraft).config) }));
      setAdvanced(true);
      return;
    }
    const parsed = parseJsonText(jsonText);
    if (!parsed.ok) return setLocal((l) => ({ ...l, config: `Fix the JSON to go back to the form: ${parsed.error}` }));
    const value = parsed.value as Record<string, unknown> | null;
    if (value?.type !== type)
      return setLocal((l) => ({ ...l, config: `Set "type" to "${type}" to go back to the form` }));
    setForms((f) => ({ ...f, [type]: graderFormDraftOf(type, value) }));
    setFormLocal({});
    setLocal((l) => ({ ...l, config: undefined }));
    setAdvanced(false);
  }
  const err = (k: TField) => local[k] ?? serverConfig[k] ?? server.fields[k];
  const jsonText = json[type] ?? exampleJson(type);
  const judgeErrors = Object.fromEntries(
    (
      ["rubricName", "description", "criteria", "min", "max", "anchors", "model", "samples", "passThreshold"] as const
    ).map((k) => [k, err(k)]),
  );

  function touched(k?: TField) {
    setUnchanged(null);
    if (k) setLocal((l) => ({ ...l, [k]: undefined }));
  }

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    const errors: Partial<Record<TField, string>> = {};
    if (isNew && !draftName.trim()) errors.name = "Name is required";
    if (!message.trim()) errors.message = "Describe the change in a commit message";
    let config: unknown;
    let formProblems: Record<string, string> = {};
    if (type === "llm_judge") {
      const r = judgeConfigOf(judge);
      Object.assign(errors, r.errors);
      config = r.config;
    } else if (useForm) {
      const r = graderConfigOf(type, formDraft);
      formProblems = r.errors;
      config = r.config;
    } else if (!jsonText.trim()) {
      errors.config = "Enter the grader's config as JSON";
    } else {
      const parsed = parseJsonText(jsonText);
      if (!parsed.ok) errors.config = parsed.error;
      else if ((parsed.value as { type?: unknown } | null)?.type !== type)
        errors.config = `Set "type" to "${type}" to match the selected type`;
      else config = parsed.value;
    }
    setLocal(errors);
    setFormLocal(formProblems);
    setUnchanged(null);
    if (Object.keys(errors).length || Object.keys(formProblems).length) return;
    save.mutate({
      projectId,
      name: isNew ? draftName.trim() : name,
      config,
      message: message.trim(),
      subjectModel: isJudgeGraderType(type) && subjectModel.trim() ? subjectModel.trim() : null,
    });
  }

  const typeGroups = [
    { label: "Model-graded", types: GRADER_TYPES.filter((t) => isJudgeGraderType(t)) },
    { label: "Deterministic", types: GRADER_TYPES.filter((t) => !isJudgeGraderType(t)) },
  ];
  return (
    <Card aria-labelledby="grader-editor-heading">
      <CardHeader
        id="grader-editor-heading"
        title={isNew ? "New grader" : `New version of ${name}`}
        description={
          isNew
            ? "The first version of a grader. Versions are immutable: every change is a new version, and scores name the version that produced them."
            : base &&
              `Prefilled from version ${base.version}. Saving creates a new version; version ${base.version} stays as it was.`
        }
      />
      <form onSubmit={onSubmit} noValidate>
        <CardBody className="space-y-5">
          <FormError>{placed ? undefined : server.form}</FormError>
          <div className="grid gap-4 sm:grid-cols-2">
            {isNew && (
              <Field
                id="grader-name"
                label="Name"
                hint={
                  existing
                    ? `A grader named ${existing.name} exists: saving adds version ${existing.latestVersion + 1} to it`
                    : "Experiments and suites refer to the grader by this name (up to 100 characters)"
                }
                error={err("name")}
              >
                <Input
                  {...fieldProps("grader-name", err("name"), "hint")}
                  value={draftName}
                  onChange={(e) => {
                    setDraftName(e.target.value);
                    touched("name");
                  }}
                  className="font-mono"
                  placeholder="answer-helpfulness"
                  data-autofocus
                />
              </Field>
            )}
            <Field id="grader-type" label="Type" hint={GRADER_TYPE_META[type].description} error={err("type")}>
              <Select
                {...fieldProps("grader-type", err("type"), "hint")}
                value={type}
                onChange={(e) => {
                  setType(e.target.value as TGraderType);
                  setLocal({});
                  setFormLocal({});
                  save.reset();
                  touched();
                }}
              >
                {typeGroups.map((g) => (
                  <optgroup key={g.label} label={g.label}>
                    {g.types.map((t) => (
                      <option key={t} value={t}>
                        {GRADER_TYPE_META[t].label}
                      </option>
                    ))}
                  </optgroup>
                ))}
              </Select>
            </Field>
          </div>
          {type === "llm_judge" ? (
            <JudgeFields
              draft={judge}
              errors={judgeErrors}
              onChange={(patch, field) => {
                setJudge((d) => ({ ...d, ...patch }));
                touched(field);
              }}
            />
          ) : useForm ? (
            <div className="space-y-2">
              <GraderFormFields
                type={type}
                draft={formDraft}
                errors={Object.fromEntries(Object.keys(formDraft).map((k) => [k, formErr(k)]))}
                onChange={(key, value) => {
                  setForms((f) => ({ ...f, [type]: { ...formDraft, [key]: value } }));
                  setFormLocal((l) => ({ ...l, [key]: undefined }));
                  touched();
                }}
              />
              <Button variant="ghost" size="sm" onClick={toggleAdvanced}>
                Advanced (JSON)
              </Button>
            </div>
          ) : (
            <Field
              id="grader-config"
              label="Config (JSON)"
              hint="Checked by the server when you save; errors name the field."
              error={err("config")}
              labelAside={
                <span className="flex gap-1">
                  {hasGraderForm(type) && (
                    <Button variant="ghost" size="sm" onClick={toggleAdvanced}>
                      Back to the form
                    </Button>
                  )}
                  <Button
                    variant="ghost"
                    size="sm"
                    onClick={() => setJson((j) => ({ ...j, [type]: exampleJson(type) }))}
                  >
                    Reset to example
                  </Button>
                </span>
              }
            >
              <Textarea
                {...fieldProps("grader-config", err("config"), "hint")}
                value={jsonText}
                onChange={(e) => {
                  setJson((j) => ({ ...j, [type]: e.target.value }));
                  touched("config");
                }}
                rows={Math.min(20, Math.max(6, jsonText.split("\n").length + 1))}
                className="font-mono text-xs"
                spellCheck={false}
              />
            </Field>
          )}
          {isJudgeGraderType(type) && (
            <Field
              id="grader-subject-model"
              label="Subject model"
              hint="Optional: the model whose outputs this grader judges. A judge from the same family gets a self-preference warning."
              error={err("subjectModel")}
            >
              <Input
                {...fieldProps("grader-subject-model", err("subjectModel"), "hint")}
                value={subjectModel}
                onChange={(e) => {
                  setSubjectModel(e.target.value);
                  touched("subjectModel");
                }}
                className="font-mono"
                placeholder="gpt-4o-mini"
                maxLength={200}
              />
            </Field>
          )}
          <Field id="grader-message" label="Commit message" error={err("message")}>
            <Input
              {...fieldProps("grader-message", err("message"))}
              value={message}
              onChange={(e) => {
                setMessage(e.target.value);
                touched("message");
              }}
              maxLength={500}
              placeholder="What changed and why"
            />
          </Field>
          {unchanged !== null && (
            <div
              role="status"
              className="flex items-start gap-2 rounded-lg border border-indigo-200 bg-indigo-50 px-3 py-2.5 text-sm text-indigo-800"
            >
              <Info className="mt-0.5 size-4 shrink-0" aria-hidden />
              No changes: v{unchanged} is already this config. Nothing was saved.
            </div>
          )}
        </CardBody>
        <CardFooter>
          <Button variant="ghost" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" loading={save.isPending}>
            {isNew ? "Create grader" : "Save version"}
          </Button>
        </CardFooter>
      </form>
    </Card>
  );
}
