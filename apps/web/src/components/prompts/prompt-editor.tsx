"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Plus, Trash2 } from "lucide-react";
import { useMemo, useState, type FormEvent } from "react";
import { Button } from "~/components/ui/button";
import { Card, CardBody, CardFooter, CardHeader } from "~/components/ui/card";
import { Field, fieldProps } from "~/components/ui/field";
import { FormError } from "~/components/ui/form-error";
import { Input } from "~/components/ui/input";
import { Select } from "~/components/ui/select";
import { Textarea } from "~/components/ui/textarea";
import { useToast } from "~/components/ui/toast";
import { draftVariables, type TPromptVersion } from "~/lib/prompts";
import { formErrors } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";
import { VariableChips } from "./template-text";

const FIELDS = ["name", "system", "messages", "model", "params", "tools", "commitMessage"] as const;
type TField = (typeof FIELDS)[number] | "temperature" | "maxTokens" | "topP";

type TMessageDraft = { role: "user" | "assistant"; content: string };
type TDraft = {
  name: string;
  system: string;
  messages: TMessageDraft[];
  model: string;
  temperature: string;
  maxTokens: string;
  topP: string;
  stop: string;
  tools: string;
  commitMessage: string;
};

const MODELS = ["claude-sonnet-4-6", "claude-opus-4-6", "claude-haiku-4-5", "gpt-4o-mini", "gpt-4.1"];

function draftOf(name: string, v?: TPromptVersion): TDraft {
  return {
    name,
    system: v?.system ?? "",
    messages: v ? v.messages.map((m) => ({ role: m.role, content: m.content })) : [{ role: "user", content: "" }],
    model: v?.model ?? "claude-sonnet-4-6",
    temperature: v?.params.temperature?.toString() ?? "",
    maxTokens: v?.params.maxTokens?.toString() ?? "",
    topP: v?.params.topP?.toString() ?? "",
    stop: v?.params.stop?.join(", ") ?? "",
    tools: v?.tools ? JSON.stringify(v.tools, null, 2) : "",
    commitMessage: "",
  };
}

/**
 * Writes a new immutable version. For a new prompt the name is editable; for a new version of an
 * existing prompt the form starts from `base` (the selected version).
 */
export function PromptEditor({
  projectId,
  name,
  base,
  nextVersion,
  onSaved,
  onCancel,
}: {
  projectId: string;
  name?: string;
  base?: TPromptVersion;
  nextVersion?: number;
  onSaved: (res: { promptId: string; version: number }) => void;
  onCancel: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const isNew = name === undefined;
  const [draft, setDraft] = useState<TDraft>(() => draftOf(name ?? "", base));
  const [local, setLocal] = useState<Partial<Record<TField, string>>>({});
  const save = useMutation(
    trpc.prompts.createVersion.mutationOptions({
      onSuccess: async (res) => {
        await queryClient.invalidateQueries({ queryKey: trpc.prompts.pathKey() });
        toast.success(`Saved ${res.prompt.name} version ${res.version.version}`);
        onSaved({ promptId: res.prompt.id, version: res.version.version });
      },
    }),
  );
  const server = formErrors(save.error, FIELDS);
  const err = (k: TField) => local[k] ?? server.fields[k as (typeof FIELDS)[number]];
  const vars = useMemo(
    () => draftVariables([draft.system, ...draft.messages.map((m) => m.content)]),
    [draft.system, draft.messages],
  );

  function set<K extends keyof TDraft>(k: K, v: TDraft[K]) {
    setDraft((d) => ({ ...d, [k]: v }));
    setLocal((l) => ({ ...l, [k]: undefined }));
  }
  function setMessage(i: number, patch: Partial<TMessageDraft>) {
    setDraft((d) => ({ ...d, messages: d.messages.map((m, j) => (j === i ? { ...m, ...patch } : m)) }));
    setLocal((l) => ({ ...l, messages: undefined }));
  }

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    const errors: Partial<Record<TField, string>> = {};
    if (isNew && !draft.name.trim()) errors.name = "Name is required";
    if (!draft.model.trim()) errors.model = "Model is required";
    if (!draft.commitMessage.trim()) errors.commitMessage = "Describe the change in a commit message";
    if (draft.messages.length === 0) errors.messages = "Add at least one message";
    else if (draft.messages.some((m) => !m.content.trim())) errors.messages = "Every message needs content";
    if (vars.error) errors.messages = vars.error;
    const num = (k: "temperature" | "maxTokens" | "topP", int = false) => {
      const t = draft[k].trim();
      if (!t) return undefined;
      const n = Number(t);
      if (!Number.isFinite(n) || (int && !Number.isInteger(n)))
        errors[k] = int ? "Enter a whole number" : "Enter a number";
      return n;
    };
    const temperature = num("temperature");
    const maxTokens = num("maxTokens", true);
    const topP = num("topP");
    let tools: unknown = null;
    if (draft.tools.trim()) {
      try {
        tools = JSON.parse(draft.tools);
        if (!Array.isArray(tools))
          errors.tools = 'Tools must be a JSON array of {"name", "description", "inputSchema"}';
      } catch (x) {
        errors.tools = `Not valid JSON: ${(x as Error).message}`;
      }
    }
    setLocal(errors);
    if (Object.keys(errors).length) return;
    const stop = draft.stop
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    save.mutate({
      projectId,
      name: isNew ? draft.name.trim() : name,
      system: draft.system.trim() ? draft.system : null,
      messages: draft.messages,
      model: draft.model.trim(),
      params: {
        ...(temperature !== undefined && { temperature }),
        ...(maxTokens !== undefined && { maxTokens }),
        ...(topP !== undefined && { topP }),
        ...(stop.length && { stop }),
      },
      tools: tools as never,
      commitMessage: draft.commitMessage.trim(),
    });
  }

  const isClaude = draft.model.trim().startsWith("claude-");
  return (
    <Card aria-labelledby="editor-heading">
      <CardHeader
        id="editor-heading"
        title={isNew ? "New prompt" : `New version of ${name}`}
        description={
          isNew
            ? "The first version of a prompt. Versions are immutable: every change is a new version."
            : base
              ? `Prefilled from version ${base.version}. Saving creates version ${nextVersion ?? base.version + 1}; version ${base.version} stays as it was.`
              : undefined
        }
      />
      <form onSubmit={onSubmit} noValidate>
        <CardBody className="space-y-5">
          <FormError>{server.form}</FormError>
          <div className="grid gap-4 sm:grid-cols-2">
            {isNew && (
              <Field
                id="prompt-name"
                label="Name"
                hint="Your app fetches the prompt by this name (up to 100 characters)"
                error={err("name")}
              >
                <Input
                  {...fieldProps("prompt-name", err("name"), "hint")}
                  value={draft.name}
                  onChange={(e) => set("name", e.target.value)}
                  className="font-mono"
                  placeholder="support-answer"
                  data-autofocus
                />
              </Field>
            )}
            <Field id="prompt-model" label="Model" error={err("model")}>
              <Input
                {...fieldProps("prompt-model", err("model"))}
                value={draft.model}
                onChange={(e) => set("model", e.target.value)}
                list="prompt-models"
                className="font-mono"
              />
              <datalist id="prompt-models">
                {MODELS.map((m) => (
                  <option key={m} value={m} />
                ))}
              </datalist>
            </Field>
          </div>
          <Field
            id="prompt-system"
            label="System"
            hint="Optional. Use {{name}} for variables; write \{{ for a literal {{"
            error={err("system")}
          >
            <Textarea
              {...fieldProps("prompt-system", err("system"), "hint")}
              value={draft.system}
              onChange={(e) => set("system", e.target.value)}
              rows={5}
              className="font-mono text-xs"
              spellCheck={false}
            />
          </Field>
          <fieldset>
            <legend className="mb-1.5 text-sm font-medium text-slate-700">Messages</legend>
            <div className="space-y-3">
              {draft.messages.map((m, i) => (
                <div key={i} className="rounded-lg border border-slate-200 bg-slate-50/50 p-3">
                  <div className="mb-2 flex items-center gap-2">
                    <Select
                      aria-label={`Message ${i + 1} role`}
                      className="w-36"
                      value={m.role}
                      onChange={(e) => setMessage(i, { role: e.target.value as "user" | "assistant" })}
                    >
                      <option value="user">user</option>
                      <option value="assistant">assistant</option>
                    </Select>
                    <span className="text-xs text-slate-400">Message {i + 1}</span>
                    {draft.messages.length > 1 && (
                      <Button
                        variant="ghost"
                        size="icon"
                        className="ml-auto"
                        aria-label={`Remove message ${i + 1}`}
                        onClick={() =>
                          set(
                            "messages",
                            draft.messages.filter((_, j) => j !== i),
                          )
                        }
                      >
                        <Trash2 className="size-4" aria-hidden />
                      </Button>
                    )}
                  </div>
                  <Textarea
                    aria-label={`Message ${i + 1} content`}
                    value={m.content}
                    onChange={(e) => setMessage(i, { content: e.target.value })}
                    rows={3}
                    className="font-mono text-xs"
                    spellCheck={false}
                    placeholder="{{question}}"
                  />
                </div>
              ))}
            </div>
            <div className="mt-2 flex items-center justify-between gap-4">
              <Button
                variant="secondary"
                size="sm"
                onClick={() =>
                  set("messages", [
                    ...draft.messages,
                    { role: draft.messages.at(-1)?.role === "user" ? "assistant" : "user", content: "" },
                  ])
                }
              >
                <Plus className="size-3.5" aria-hidden />
                Add message
              </Button>
              <div className="flex items-center gap-2 text-xs text-slate-500" aria-live="polite">
                Variables: <VariableChips names={vars.variables} />
              </div>
            </div>
            {(err("messages") || vars.error) && (
              <p className="mt-1.5 text-sm text-red-600">{err("messages") ?? vars.error}</p>
            )}
          </fieldset>
          <fieldset>
            <legend className="mb-1.5 text-sm font-medium text-slate-700">Parameters</legend>
            <div className="grid gap-4 sm:grid-cols-4">
              <Field id="param-maxTokens" label="Max tokens" error={err("maxTokens")}>
                <Input
                  {...fieldProps("param-maxTokens", err("maxTokens"))}
                  inputMode="numeric"
                  value={draft.maxTokens}
                  onChange={(e) => set("maxTokens", e.target.value)}
                  placeholder="1024"
                />
              </Field>
              <Field
                id="param-temperature"
                label="Temperature"
                hint={isClaude ? "Leave empty for Claude" : "0–2"}
                error={err("temperature")}
              >
                <Input
                  {...fieldProps("param-temperature", err("temperature"), "hint")}
                  inputMode="decimal"
                  value={draft.temperature}
                  onChange={(e) => set("temperature", e.target.value)}
                />
              </Field>
              <Field
                id="param-topP"
                label="Top P"
                hint={isClaude ? "Leave empty for Claude" : "0–1"}
                error={err("topP")}
              >
                <Input
                  {...fieldProps("param-topP", err("topP"), "hint")}
                  inputMode="decimal"
                  value={draft.topP}
                  onChange={(e) => set("topP", e.target.value)}
                />
              </Field>
              <Field id="param-stop" label="Stop sequences" hint="Comma-separated">
                <Input
                  {...fieldProps("param-stop", undefined, "hint")}
                  value={draft.stop}
                  onChange={(e) => set("stop", e.target.value)}
                />
              </Field>
            </div>
            {isClaude && (
              <p className="mt-1.5 text-xs text-slate-500" data-testid="claude-params-rule">
                Claude models (claude-*) reject Temperature and Top P on the Anthropic API version Yardstick uses
                (2026-10-21): a version that sets either cannot run. Max tokens and stop sequences are sent as usual.
              </p>
            )}
            {err("params") && <p className="mt-1.5 text-sm text-red-600">{err("params")}</p>}
          </fieldset>
          <Field
            id="prompt-tools"
            label="Tools (JSON)"
            hint='Optional: [{"name": "lookup_order", "description": "…", "inputSchema": {"type": "object", …}}]'
            error={err("tools")}
          >
            <Textarea
              {...fieldProps("prompt-tools", err("tools"), "hint")}
              value={draft.tools}
              onChange={(e) => set("tools", e.target.value)}
              rows={3}
              className="font-mono text-xs"
              spellCheck={false}
            />
          </Field>
          <Field id="prompt-commit" label="Commit message" error={err("commitMessage")}>
            <Input
              {...fieldProps("prompt-commit", err("commitMessage"))}
              value={draft.commitMessage}
              onChange={(e) => set("commitMessage", e.target.value)}
              maxLength={500}
              placeholder="What changed and why"
            />
          </Field>
        </CardBody>
        <CardFooter>
          <Button variant="ghost" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" loading={save.isPending}>
            {isNew ? "Create prompt" : "Save version"}
          </Button>
        </CardFooter>
      </form>
    </Card>
  );
}
