"use client";
import { useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useInvalidatingMutation } from "~/components/common/use-invalidating-mutation";
import { Button } from "~/components/ui/button";
import { Card, CardBody, CardFooter, CardHeader } from "~/components/ui/card";
import { Field, fieldProps } from "~/components/ui/field";
import { FormError } from "~/components/ui/form-error";
import { Input } from "~/components/ui/input";
import { useToast } from "~/components/ui/toast";
import { formatInteger } from "~/lib/metrics-format";
import { hasRole, type Role } from "~/lib/roles";
import { formErrors } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";

const MB = 1024 * 1024;

/** How long the project keeps traces (the hourly trace-retention job deletes older ones), and storage used. */
export function TraceRetentionSection({
  projectId,
  role,
  days,
}: {
  projectId: string;
  role: Role;
  days: number | null;
}) {
  const trpc = useTRPC();
  const toast = useToast();
  const canEdit = hasRole(role, "ADMIN");
  const [value, setValue] = useState(days === null ? "" : String(days));
  const storage = useQuery(trpc.projects.traceStorage.queryOptions({ projectId }, { enabled: canEdit }));
  const save = useInvalidatingMutation(
    trpc.projects.setTraceRetention.mutationOptions(),
    [trpc.projects.pathKey()],
    (saved) => {
      setValue(saved.traceRetentionDays === null ? "" : String(saved.traceRetentionDays));
      toast.success(saved.traceRetentionDays === null ? "Traces are kept forever" : "Retention saved");
    },
  );
  const errors = formErrors(save.error, ["days"]);
  const invalid = value.trim() !== "" && !/^\d+$/.test(value.trim());

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (invalid) return;
    save.mutate({ projectId, days: value.trim() === "" ? null : Number(value.trim()) });
  }

  return (
    <Card aria-labelledby="retention-heading">
      <form onSubmit={onSubmit} noValidate>
        <CardHeader
          id="retention-heading"
          title="Trace retention"
          description="Traces older than this are deleted (with their observations, scores and feedback) by an hourly background job, in small batches that never hold up ingest."
        />
        <CardBody className="space-y-4">
          <FormError>{errors.form}</FormError>
          <Field
            id="retention-days"
            label="Keep traces for (days)"
            error={invalid ? "A whole number of days, 1 to 3650" : errors.fields.days}
            hint={canEdit ? "Empty keeps traces forever" : "Only admins and owners can change retention."}
            className="max-w-xs"
          >
            <Input
              {...fieldProps("retention-days", errors.fields.days, "hint")}
              inputMode="numeric"
              placeholder="e.g. 90"
              value={value}
              onChange={(e) => setValue(e.target.value)}
              disabled={!canEdit}
            />
          </Field>
          {storage.data && (
            <div className="text-xs text-slate-500">
              <p className="mb-1 font-medium text-slate-600">Storage on this server (all projects)</p>
              <ul className="grid grid-cols-1 gap-x-6 gap-y-0.5 sm:grid-cols-2">
                {storage.data.map((r) => (
                  <li key={r.table}>
                    {r.table}: {r.rows === null ? "" : `≈${formatInteger(Math.round(r.rows))} rows · `}
                    {((r.tableBytes + r.indexBytes) / MB).toFixed(1)} MB ({(r.indexBytes / MB).toFixed(1)} MB indexes)
                  </li>
                ))}
              </ul>
            </div>
          )}
        </CardBody>
        {canEdit && (
          <CardFooter>
            <Button type="submit" size="sm" loading={save.isPending}>
              Save retention
            </Button>
          </CardFooter>
        )}
      </form>
    </Card>
  );
}
