"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { ArrowRight, Lock, LockOpen, Tag } from "lucide-react";
import { useState, type FormEvent } from "react";
import { Button } from "~/components/ui/button";
import { Card, CardHeader } from "~/components/ui/card";
import { Dialog, DialogBody, DialogFooter } from "~/components/ui/dialog";
import { Field, fieldProps } from "~/components/ui/field";
import { FormError } from "~/components/ui/form-error";
import { Input } from "~/components/ui/input";
import { Select } from "~/components/ui/select";
import { useToast } from "~/components/ui/toast";
import { Tooltip } from "~/components/ui/tooltip";
import { RelativeTime } from "~/components/common/relative-time";
import { authorName } from "~/lib/datasets";
import { PRODUCTION, STAGING, type TPrompt } from "~/lib/prompts";
import { hasRole, type Role } from "~/lib/roles";
import { formErrors, friendlyMessage } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";
import { LabelBadge } from "./label-badges";

type TMove = { label: string; version: number | null };

function LabelRow({
  prompt,
  name,
  current,
  locked,
  canMove,
  lockReason,
  onMove,
}: {
  prompt: TPrompt;
  name: string;
  current: number | undefined;
  locked: boolean;
  canMove: boolean;
  lockReason?: string;
  onMove: (m: TMove) => void;
}) {
  const [target, setTarget] = useState<number>(current ?? prompt.latestVersion);
  const id = `label-${name}`;
  return (
    <li className="flex flex-wrap items-center gap-3 px-5 py-3" data-testid={`label-row-${name}`}>
      <div className="flex w-44 items-center gap-2">
        <LabelBadge name={name} locked={locked} />
      </div>
      <span className="w-24 text-sm text-slate-600">
        {current ? (
          <span className="font-medium text-slate-900">v{current}</span>
        ) : (
          <span className="text-slate-400">not set</span>
        )}
      </span>
      <div className="ml-auto flex items-center gap-2">
        <label htmlFor={id} className="sr-only">
          Version for {name}
        </label>
        <Select
          id={id}
          className="w-48"
          value={target}
          onChange={(e) => setTarget(Number(e.target.value))}
          disabled={!canMove}
        >
          {prompt.versions.map((v) => (
            <option key={v.version} value={v.version}>
              v{v.version}
              {v.version === prompt.latestVersion ? " (latest)" : ""}
            </option>
          ))}
        </Select>
        <Tooltip content={canMove ? undefined : lockReason}>
          {(describedBy) => (
            <Button
              variant="secondary"
              onClick={() => onMove({ label: name, version: target })}
              disabled={!canMove || target === current}
              aria-describedby={describedBy}
              aria-label={`Move ${name} to v${target}`}
            >
              {locked && <Lock className="size-3.5" aria-hidden />}
              {current ? "Move" : "Set"}
            </Button>
          )}
        </Tooltip>
        {current !== undefined && (
          <Button
            variant="ghost"
            size="sm"
            onClick={() => onMove({ label: name, version: null })}
            disabled={!canMove}
            aria-label={`Remove label ${name}`}
          >
            Remove
          </Button>
        )}
      </div>
    </li>
  );
}

export function LabelsPanel({ projectId, prompt, role }: { projectId: string; prompt: TPrompt; role: Role }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [move, setMove] = useState<TMove | null>(null);
  const [custom, setCustom] = useState("");
  const [customVersion, setCustomVersion] = useState(prompt.latestVersion);
  const canEdit = hasRole(role, "MEMBER");
  const isAdmin = hasRole(role, "ADMIN");
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.prompts.pathKey() });
  const setLabel = useMutation(
    trpc.prompts.setLabel.mutationOptions({
      onSuccess: async (res, vars) => {
        await invalidate();
        toast.success(
          res.toVersion === null ? `Label “${vars.label}” removed` : `“${vars.label}” now points at v${res.toVersion}`,
        );
        setMove(null);
        setCustom("");
      },
    }),
  );
  const protect = useMutation(
    trpc.prompts.setProtection.mutationOptions({
      onSuccess: async (_r, vars) => {
        await invalidate();
        toast.success(
          vars.protectedProduction
            ? "Production is now protected: only admins can move it"
            : "Production is no longer protected",
        );
      },
      onError: (e) => toast.error(friendlyMessage(e)),
    }),
  );
  const current = new Map(prompt.labels.map((l) => [l.name, l.version]));
  const names = [
    PRODUCTION,
    STAGING,
    ...prompt.labels.map((l) => l.name).filter((n) => n !== PRODUCTION && n !== STAGING),
  ];
  const locked = prompt.protectedProduction;
  const customErrors = formErrors(move === null ? setLabel.error : null, ["label"]);

  function addCustom(e: FormEvent) {
    e.preventDefault();
    if (!custom.trim()) return;
    setLabel.mutate({ projectId, promptId: prompt.id, label: custom.trim(), version: customVersion });
  }

  const rowLock = (name: string) => {
    if (!canEdit) return { can: false, reason: "Viewers cannot move labels" };
    if (name === PRODUCTION && locked && !isAdmin)
      return { can: false, reason: "Production is protected: only admins and owners can move it" };
    return { can: true };
  };
  const pending = move !== null ? move : null;
  const moveErrors = formErrors(pending ? setLabel.error : null, []);

  return (
    <div className="space-y-6">
      <Card aria-labelledby="labels-heading">
        <CardHeader
          id="labels-heading"
          title="Labels"
          description="Your application fetches a prompt by label (production by default). Moving a label takes effect at once."
          actions={
            isAdmin ? (
              <Button
                variant="secondary"
                size="sm"
                onClick={() => protect.mutate({ projectId, promptId: prompt.id, protectedProduction: !locked })}
                loading={protect.isPending}
              >
                {locked ? <LockOpen className="size-3.5" aria-hidden /> : <Lock className="size-3.5" aria-hidden />}
                {locked ? "Unprotect production" : "Protect production"}
              </Button>
            ) : undefined
          }
        />
        {locked && (
          <p className="flex items-center gap-2 border-b border-slate-100 bg-amber-50/60 px-5 py-2 text-xs text-amber-900">
            <Lock className="size-3.5" aria-hidden />
            Production is protected: only admins and owners can move it.
          </p>
        )}
        <ul aria-label="Labels" className="divide-y divide-slate-100">
          {names.map((n) => {
            const lock = rowLock(n);
            return (
              <LabelRow
                key={n}
                prompt={prompt}
                name={n}
                current={current.get(n)}
                locked={n === PRODUCTION && locked}
                canMove={lock.can}
                lockReason={lock.reason}
                onMove={setMove}
              />
            );
          })}
        </ul>
        {canEdit && (
          <form
            onSubmit={addCustom}
            noValidate
            className="flex flex-wrap items-end gap-3 border-t border-slate-100 bg-slate-50/50 px-5 py-3"
          >
            <Field
              id="custom-label"
              label="Custom label"
              error={customErrors.fields.label ?? customErrors.form}
              className="min-w-56 flex-1"
            >
              <Input
                {...fieldProps("custom-label", customErrors.fields.label ?? customErrors.form)}
                value={custom}
                onChange={(e) => setCustom(e.target.value)}
                placeholder="e.g. canary, experiment-b"
                className="font-mono"
              />
            </Field>
            <div>
              <label htmlFor="custom-label-version" className="mb-1.5 block text-sm font-medium text-slate-700">
                Version
              </label>
              <Select
                id="custom-label-version"
                className="w-32"
                value={customVersion}
                onChange={(e) => setCustomVersion(Number(e.target.value))}
              >
                {prompt.versions.map((v) => (
                  <option key={v.version} value={v.version}>
                    v{v.version}
                  </option>
                ))}
              </Select>
            </div>
            <Button
              type="submit"
              variant="secondary"
              loading={setLabel.isPending && move === null}
              disabled={!custom.trim()}
            >
              <Tag className="size-4" aria-hidden />
              Add label
            </Button>
          </form>
        )}
      </Card>
      <Card aria-labelledby="audit-heading">
        <CardHeader id="audit-heading" title="Audit trail" description="Every label move, newest first." />
        {prompt.events.length === 0 ? (
          <p className="px-5 py-6 text-center text-sm text-slate-400">No label has been set yet.</p>
        ) : (
          <ol aria-label="Label audit trail" className="divide-y divide-slate-100">
            {prompt.events.map((e) => (
              <li key={e.id} className="flex flex-wrap items-center gap-2 px-5 py-2.5 text-sm">
                <LabelBadge name={e.label} />
                <span className="font-mono text-xs text-slate-500">{e.fromVersion ? `v${e.fromVersion}` : "none"}</span>
                <ArrowRight className="size-3.5 text-slate-400" aria-hidden />
                <span className="font-mono text-xs font-semibold text-slate-800">
                  {e.toVersion ? `v${e.toVersion}` : "removed"}
                </span>
                <span className="ml-auto text-xs text-slate-500">
                  {authorName(e.actor)} · <RelativeTime value={e.at} />
                </span>
              </li>
            ))}
          </ol>
        )}
      </Card>
      <Dialog
        open={move !== null}
        onClose={() => {
          setLabel.reset();
          setMove(null);
        }}
        title={
          move?.version === null ? `Remove the “${move?.label}” label?` : `Move “${move?.label}” to v${move?.version}?`
        }
        description={
          move?.label === PRODUCTION
            ? "Applications that fetch this prompt without a label get the new version right away."
            : "Applications that fetch this label get the new version right away."
        }
      >
        <DialogBody>
          {move && (
            <p className="flex items-center gap-2 text-sm text-slate-700">
              <LabelBadge name={move.label} locked={move.label === PRODUCTION && locked} />
              <span className="font-mono text-xs">
                {current.get(move.label) ? `v${current.get(move.label)}` : "not set"}
              </span>
              <ArrowRight className="size-3.5 text-slate-400" aria-hidden />
              <span className="font-mono text-xs font-semibold">
                {move.version === null ? "removed" : `v${move.version}`}
              </span>
            </p>
          )}
          <FormError>{moveErrors.form}</FormError>
        </DialogBody>
        <DialogFooter>
          <Button
            variant="ghost"
            onClick={() => {
              setLabel.reset();
              setMove(null);
            }}
          >
            Cancel
          </Button>
          <Button
            data-autofocus
            loading={setLabel.isPending}
            onClick={() =>
              move && setLabel.mutate({ projectId, promptId: prompt.id, label: move.label, version: move.version })
            }
          >
            {move?.version === null ? "Remove label" : "Move label"}
          </Button>
        </DialogFooter>
      </Dialog>
    </div>
  );
}
