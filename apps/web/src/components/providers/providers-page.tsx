"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { KeyRound, PlugZap, Trash2 } from "lucide-react";
import { useState, type FormEvent } from "react";
import { Badge, RoleBadge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { Card, CardHeader } from "~/components/ui/card";
import { ConfirmDialog } from "~/components/ui/confirm-dialog";
import { Dialog, DialogBody, DialogFooter } from "~/components/ui/dialog";
import { Field, fieldProps } from "~/components/ui/field";
import { FormError } from "~/components/ui/form-error";
import { Input } from "~/components/ui/input";
import { PageHeader } from "~/components/ui/page-header";
import { ErrorPanel } from "~/components/ui/query-state";
import { TableSkeleton } from "~/components/ui/skeleton";
import { useToast } from "~/components/ui/toast";
import { Tooltip } from "~/components/ui/tooltip";
import { ProjectFrame } from "~/components/projects/project-frame";
import { RelativeTime } from "~/components/common/relative-time";
import { hasRole, type Role } from "~/lib/roles";
import { formErrors, friendlyMessage } from "~/lib/trpc-errors";
import type { RouterOutputs } from "~/lib/types";
import { useTRPC } from "~/trpc/react";

type TProvider = "anthropic" | "openai-compatible";
type TCredential = RouterOutputs["providers"]["list"][number];

const PROVIDERS: Record<
  TProvider,
  { name: string; description: string; models: string; baseUrlHint: string; baseUrlRequired: boolean }
> = {
  anthropic: {
    name: "Anthropic",
    description: "Claude models (claude-*) in the playground and LLM judges.",
    models: "claude-*",
    baseUrlHint: "Optional: leave empty for https://api.anthropic.com, or point at a proxy or gateway",
    baseUrlRequired: false,
  },
  "openai-compatible": {
    name: "OpenAI-compatible",
    description:
      "Any Chat Completions API: OpenAI, Azure, vLLM, Ollama, OpenRouter… Used for models that are not claude-*.",
    models: "every other model",
    baseUrlHint: "Required, e.g. https://api.openai.com/v1 or http://localhost:11434/v1",
    baseUrlRequired: true,
  },
};

function SetKeyDialog({
  projectId,
  provider,
  existing,
  open,
  onClose,
}: {
  projectId: string;
  provider: TProvider;
  existing?: TCredential;
  open: boolean;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const meta = PROVIDERS[provider];
  const [apiKey, setApiKey] = useState("");
  const [baseUrl, setBaseUrl] = useState(existing?.baseUrl ?? "");
  const set = useMutation(
    trpc.providers.set.mutationOptions({
      onSuccess: async (row) => {
        await queryClient.invalidateQueries({ queryKey: trpc.providers.list.queryKey({ projectId }) });
        toast.success(`${meta.name} key saved (ending ${row.last4})`);
        close();
      },
    }),
  );
  const errors = formErrors(set.error, ["apiKey", "baseUrl"]);

  function close() {
    set.reset();
    setApiKey("");
    setBaseUrl(existing?.baseUrl ?? "");
    onClose();
  }

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    set.mutate({ projectId, provider, apiKey, baseUrl: baseUrl.trim() || null });
  }

  return (
    <Dialog
      open={open}
      onClose={close}
      title={existing ? `Replace the ${meta.name} key` : `Set the ${meta.name} key`}
      description="The key is encrypted at rest and never shown again, to anyone."
      className="max-w-lg"
    >
      <form onSubmit={onSubmit} noValidate>
        <DialogBody>
          <FormError>{errors.form}</FormError>
          <Field id="provider-key" label="API key" error={errors.fields.apiKey}>
            <Input
              {...fieldProps("provider-key", errors.fields.apiKey)}
              type="password"
              autoComplete="off"
              value={apiKey}
              onChange={(e) => setApiKey(e.target.value)}
              className="font-mono"
              data-autofocus
              placeholder={existing ? `Replaces the key ending ${existing.last4}` : "sk-…"}
            />
          </Field>
          <Field id="provider-base-url" label="Base URL" hint={meta.baseUrlHint} error={errors.fields.baseUrl}>
            <Input
              {...fieldProps("provider-base-url", errors.fields.baseUrl, "hint")}
              type="url"
              value={baseUrl}
              onChange={(e) => setBaseUrl(e.target.value)}
              className="font-mono text-xs"
              placeholder={provider === "anthropic" ? "https://api.anthropic.com" : "https://api.openai.com/v1"}
            />
          </Field>
        </DialogBody>
        <DialogFooter>
          <Button variant="ghost" onClick={close}>
            Cancel
          </Button>
          <Button type="submit" loading={set.isPending}>
            Save key
          </Button>
        </DialogFooter>
      </form>
    </Dialog>
  );
}

function ProviderRow({
  projectId,
  provider,
  cred,
  canManage,
}: {
  projectId: string;
  provider: TProvider;
  cred?: TCredential;
  canManage: boolean;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const meta = PROVIDERS[provider];
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const remove = useMutation(
    trpc.providers.delete.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.providers.list.queryKey({ projectId }) });
        toast.success(`${meta.name} key deleted`);
        setDeleting(false);
      },
    }),
  );
  const denied = canManage ? undefined : "Only admins and owners can change provider keys";
  return (
    <li className="flex flex-wrap items-start gap-4 px-5 py-4" data-testid={`provider-${provider}`}>
      <div className="flex size-9 shrink-0 items-center justify-center rounded-lg bg-slate-100 text-slate-600">
        <PlugZap className="size-4" aria-hidden />
      </div>
      <div className="min-w-0 flex-1">
        <p className="flex items-center gap-2 text-sm font-semibold text-slate-900">
          {meta.name}
          {cred ? <Badge tone="green">Configured</Badge> : <Badge>Not configured</Badge>}
        </p>
        <p className="mt-0.5 text-sm text-slate-500">{meta.description}</p>
        {cred && (
          <dl className="mt-2 grid grid-cols-[6rem_1fr] gap-x-3 gap-y-1 text-xs">
            <dt className="text-slate-500">Key</dt>
            <dd className="font-mono text-slate-800" data-testid={`provider-${provider}-last4`}>
              ••••••••{cred.last4}
            </dd>
            <dt className="text-slate-500">Base URL</dt>
            <dd className="font-mono break-all text-slate-800">
              {cred.baseUrl ?? <span className="font-sans text-slate-400">default</span>}
            </dd>
            <dt className="text-slate-500">Updated</dt>
            <dd className="text-slate-700">
              <RelativeTime value={cred.updatedAt} />
              {cred.createdBy && ` by ${cred.createdBy.name || cred.createdBy.email}`}
            </dd>
          </dl>
        )}
      </div>
      <div className="flex items-center gap-2">
        <Tooltip content={denied}>
          {(describedBy) => (
            <Button
              variant={cred ? "secondary" : "primary"}
              onClick={() => setEditing(true)}
              disabled={!canManage}
              aria-describedby={describedBy}
              aria-label={`${cred ? "Replace" : "Set"} ${meta.name} key`}
            >
              <KeyRound className="size-4" aria-hidden />
              {cred ? "Replace key" : "Set key"}
            </Button>
          )}
        </Tooltip>
        {cred && canManage && (
          <Button variant="danger-outline" onClick={() => setDeleting(true)} aria-label={`Delete ${meta.name} key`}>
            <Trash2 className="size-4" aria-hidden />
            Delete
          </Button>
        )}
      </div>
      {canManage && (
        <SetKeyDialog
          key={cred?.updatedAt.toString() ?? "new"}
          projectId={projectId}
          provider={provider}
          existing={cred}
          open={editing}
          onClose={() => setEditing(false)}
        />
      )}
      <ConfirmDialog
        open={deleting}
        onClose={() => {
          remove.reset();
          setDeleting(false);
        }}
        title={`Delete the ${meta.name} key?`}
        description={`The playground and judges fall back to the server's environment for ${meta.models} models, or fail if it has no key.`}
        confirmLabel="Delete key"
        pending={remove.isPending}
        error={remove.error ? friendlyMessage(remove.error) : undefined}
        onConfirm={() => remove.mutate({ projectId, provider })}
      />
    </li>
  );
}

function ProvidersBody({ projectId, role }: { projectId: string; role: Role }) {
  const trpc = useTRPC();
  const list = useQuery(trpc.providers.list.queryOptions({ projectId }));
  const canManage = hasRole(role, "ADMIN");
  return (
    <Card aria-labelledby="providers-heading">
      <CardHeader
        id="providers-heading"
        title="Provider keys"
        description="Used by the prompt playground and LLM judges of this project. Keys never leave the server; only their last four characters are shown."
      />
      {list.isPending && <TableSkeleton rows={2} label="Loading providers" />}
      {list.isError && (
        <div className="p-5">
          <ErrorPanel error={list.error} onRetry={() => void list.refetch()} />
        </div>
      )}
      {list.data && (
        <ul aria-label="Providers" className="divide-y divide-slate-100">
          {(Object.keys(PROVIDERS) as TProvider[]).map((p) => (
            <ProviderRow
              key={p}
              projectId={projectId}
              provider={p}
              cred={list.data.find((c) => c.provider === p)}
              canManage={canManage}
            />
          ))}
        </ul>
      )}
    </Card>
  );
}

export function ProvidersPage({ projectId }: { projectId: string }) {
  return (
    <ProjectFrame projectId={projectId} label="model providers">
      {(p, crumbs) => (
        <>
          <PageHeader
            crumbs={crumbs(
              { label: "Settings", href: `/projects/${projectId}/settings` },
              { label: "Model providers" },
            )}
            title="Model providers"
            description={
              <span className="flex items-center gap-2">
                API keys for calling models from Yardstick · your role <RoleBadge role={p.role} />
              </span>
            }
          />
          <ProvidersBody projectId={projectId} role={p.role} />
        </>
      )}
    </ProjectFrame>
  );
}
