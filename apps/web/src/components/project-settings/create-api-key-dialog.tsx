"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { TriangleAlert } from "lucide-react";
import { useState, type FormEvent } from "react";
import { Button } from "~/components/ui/button";
import { CopyField } from "~/components/ui/copy-button";
import { Dialog, DialogBody, DialogFooter } from "~/components/ui/dialog";
import { Field, FieldError, fieldProps } from "~/components/ui/field";
import { FormError } from "~/components/ui/form-error";
import { Input } from "~/components/ui/input";
import { formErrors } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";

export const SCOPES = [
  { id: "ingest", label: "Ingest", description: "Send traces, spans and scores from your backend." },
  { id: "read", label: "Read", description: "Read this project's data through the public API." },
  {
    id: "run",
    label: "Run",
    description: "For CI and the yardstick CLI: starts experiment runs, pushes datasets and follows the results.",
  },
  {
    id: "assign",
    label: "Assign",
    description: "For applications running online experiments: asks which variant a user gets and reports exposures.",
  },
  {
    id: "feedback",
    label: "Feedback",
    description: "Browser-safe: can only post end-user feedback, so it may ship in client-side code.",
  },
] as const;
type TScope = (typeof SCOPES)[number]["id"];

function SecretPanel({ secret, name, onDone }: { secret: string; name: string; onDone: () => void }) {
  return (
    <>
      <DialogBody>
        <div className="flex gap-3 rounded-lg border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900">
          <TriangleAlert className="mt-0.5 size-4 shrink-0 text-amber-600" aria-hidden />
          <p>
            This is the <strong>only time</strong> the secret of <strong>{name}</strong> is shown. Store it in your
            secret manager now; if you lose it, revoke the key and create a new one.
          </p>
        </div>
        <CopyField id="api-key-secret" label="API key secret" value={secret} />
      </DialogBody>
      <DialogFooter>
        <Button onClick={onDone}>I&apos;ve saved it</Button>
      </DialogFooter>
    </>
  );
}

export function CreateApiKeyDialog({
  projectId,
  open,
  onClose,
}: {
  projectId: string;
  open: boolean;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const [scopes, setScopes] = useState<TScope[]>(["ingest"]);
  const create = useMutation(
    trpc.apiKeys.create.mutationOptions({
      onSuccess: () =>
        Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.apiKeys.list.queryKey({ projectId }) }),
          queryClient.invalidateQueries({ queryKey: trpc.projects.list.queryKey() }),
        ]),
    }),
  );
  const errors = formErrors(create.error, ["name", "scopes"]);

  function close() {
    // Forget the secret as soon as the dialog closes.
    create.reset();
    setName("");
    setScopes(["ingest"]);
    onClose();
  }

  function toggle(scope: TScope, on: boolean) {
    setScopes((s) => (on ? [...s, scope] : s.filter((x) => x !== scope)));
  }

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    create.mutate({ projectId, name, scopes: SCOPES.map((s) => s.id).filter((id) => scopes.includes(id)) });
  }

  const secret = create.data?.secret;
  return (
    <Dialog
      open={open}
      onClose={close}
      title={secret ? "Copy your secret now" : "Create API key"}
      description={secret ? undefined : "Keys authenticate calls to the Yardstick public API for this project."}
      className="max-w-lg"
    >
      {secret && create.data ? (
        <SecretPanel secret={secret} name={create.data.key.name} onDone={close} />
      ) : (
        <form onSubmit={onSubmit} noValidate>
          <DialogBody>
            <FormError>{errors.form}</FormError>
            <Field
              id="key-name"
              label="Name"
              hint="Where the key is used, e.g. “Production backend”."
              error={errors.fields.name}
            >
              <Input
                {...fieldProps("key-name", errors.fields.name, "hint")}
                value={name}
                onChange={(e) => setName(e.target.value)}
                maxLength={80}
                placeholder="Production backend"
                data-autofocus
              />
            </Field>
            <fieldset aria-describedby={errors.fields.scopes ? "key-scopes-error" : undefined}>
              <legend className="mb-2 text-sm font-medium text-slate-700">Scopes</legend>
              <div className="divide-y divide-slate-100 rounded-lg border border-slate-200">
                {SCOPES.map((s) => (
                  <label key={s.id} className="flex cursor-pointer items-start gap-3 px-3.5 py-3 hover:bg-slate-50">
                    <input
                      type="checkbox"
                      className="mt-0.5 size-4"
                      checked={scopes.includes(s.id)}
                      onChange={(e) => toggle(s.id, e.target.checked)}
                    />
                    <span>
                      <span className="block text-sm font-medium text-slate-900">{s.label}</span>
                      <span className="block text-xs text-slate-500">{s.description}</span>
                    </span>
                  </label>
                ))}
              </div>
              <FieldError id="key-scopes">{errors.fields.scopes}</FieldError>
            </fieldset>
          </DialogBody>
          <DialogFooter>
            <Button variant="ghost" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending}>
              Create key
            </Button>
          </DialogFooter>
        </form>
      )}
    </Dialog>
  );
}
