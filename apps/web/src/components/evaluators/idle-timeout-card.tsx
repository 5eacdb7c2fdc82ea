"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState, type FormEvent } from "react";
import { Button } from "~/components/ui/button";
import { Card, CardBody, CardHeader } from "~/components/ui/card";
import { Field, fieldProps } from "~/components/ui/field";
import { FormError } from "~/components/ui/form-error";
import { Input } from "~/components/ui/input";
import { useProject } from "~/components/projects/use-project";
import { hasRole } from "~/lib/roles";
import { formErrors } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";

/** When a trace without an end marker counts as complete: the project's idle timeout (ADMIN edits it). */
export function IdleTimeoutCard({ projectId }: { projectId: string; canEdit: boolean }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const project = useProject(projectId);
  const canAdmin = hasRole(project.data?.role, "ADMIN");
  const settings = useQuery(trpc.onlineEvals.settings.queryOptions({ projectId }));
  const [value, setValue] = useState("");
  useEffect(() => {
    if (settings.data) setValue(String(settings.data.idleTimeoutSeconds));
  }, [settings.data]);
  const save = useMutation(
    trpc.onlineEvals.setSettings.mutationOptions({
      onSuccess: () => qc.invalidateQueries({ queryKey: trpc.onlineEvals.settings.queryKey({ projectId }) }),
    }),
  );
  const err = formErrors(save.error, ["idleTimeoutSeconds"]);
  function onSubmit(e: FormEvent) {
    e.preventDefault();
    save.mutate({ projectId, idleTimeoutSeconds: value.trim() === "" ? Number.NaN : Number(value) });
  }
  return (
    <Card aria-labelledby="idle-title" className="mt-6">
      <CardHeader
        id="idle-title"
        title="Trace completion"
        description="A trace is judged right after the SDK's trace.end() (an endTime on trace-create), or once no new observation has arrived for this long."
      />
      <CardBody>
        <form onSubmit={onSubmit} noValidate className="flex flex-wrap items-end gap-3">
          <Field id="idle-timeout" label="Idle timeout (seconds)" error={err.fields.idleTimeoutSeconds}>
            <Input
              {...fieldProps("idle-timeout", err.fields.idleTimeoutSeconds)}
              inputMode="numeric"
              className="w-32"
              value={value}
              disabled={!canAdmin}
              onChange={(e) => setValue(e.target.value)}
            />
          </Field>
          {canAdmin && (
            <Button type="submit" variant="secondary" disabled={save.isPending}>
              {save.isSuccess && !save.isPending ? "Saved" : "Save"}
            </Button>
          )}
          {err.form && <FormError>{err.form}</FormError>}
        </form>
      </CardBody>
    </Card>
  );
}
