"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Trash2 } from "lucide-react";
import { useState, type FormEvent } from "react";
import { Button } from "~/components/ui/button";
import { Card, CardBody, CardHeader } from "~/components/ui/card";
import { Field, fieldProps } from "~/components/ui/field";
import { FormError } from "~/components/ui/form-error";
import { Input } from "~/components/ui/input";
import { formErrors } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";

/** The project's score rules: a score below its threshold makes the trace a candidate too. */
export function RulesCard({ projectId, canAdmin }: { projectId: string; canAdmin: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const rules = useQuery(trpc.candidates.rules.queryOptions({ projectId }));
  const [scoreName, setScoreName] = useState("");
  const [below, setBelow] = useState("");
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.candidates.rules.queryKey({ projectId }) });
  const set = useMutation(
    trpc.candidates.setRule.mutationOptions({
      onSuccess: async () => {
        await invalidate();
        setScoreName("");
        setBelow("");
      },
    }),
  );
  const remove = useMutation(trpc.candidates.deleteRule.mutationOptions({ onSuccess: () => invalidate() }));
  const errors = formErrors(set.error, ["scoreName", "below"]);

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    set.mutate({ projectId, scoreName, below: below.trim() === "" ? Number.NaN : Number(below) });
  }

  return (
    <Card aria-labelledby="rules-heading" className="mt-6">
      <CardHeader
        id="rules-heading"
        title="Score rules"
        description="Besides thumbs down and ratings of 2 or less, a score below its threshold queues the trace."
      />
      <CardBody className="space-y-3">
        {rules.data && rules.data.length === 0 && <p className="text-sm text-slate-500">No score rules.</p>}
        {rules.data && rules.data.length > 0 && (
          <ul className="divide-y divide-slate-100 text-sm">
            {rules.data.map((r) => (
              <li key={r.id} className="flex items-center justify-between py-1.5">
                <span>
                  score <span className="font-mono">{r.scoreName}</span> &lt; {r.below}
                </span>
                {canAdmin && (
                  <Button
                    variant="ghost"
                    size="icon"
                    aria-label={`Delete rule ${r.scoreName}`}
                    onClick={() => remove.mutate({ projectId, ruleId: r.id })}
                  >
                    <Trash2 className="size-4" aria-hidden />
                  </Button>
                )}
              </li>
            ))}
          </ul>
        )}
        {canAdmin && (
          <form onSubmit={onSubmit} noValidate className="flex flex-wrap items-start gap-3">
            <Field id="rule-score" label="Score name" error={errors.fields.scoreName}>
              <Input
                {...fieldProps("rule-score", errors.fields.scoreName)}
                value={scoreName}
                placeholder="helpfulness"
                onChange={(e) => setScoreName(e.target.value)}
              />
            </Field>
            <Field id="rule-below" label="Below" error={errors.fields.below}>
              <Input
                {...fieldProps("rule-below", errors.fields.below)}
                type="number"
                step="any"
                value={below}
                placeholder="3"
                onChange={(e) => setBelow(e.target.value)}
              />
            </Field>
            <Button type="submit" className="mt-6" loading={set.isPending}>
              Add rule
            </Button>
            <FormError>{errors.form}</FormError>
          </form>
        )}
      </CardBody>
    </Card>
  );
}
