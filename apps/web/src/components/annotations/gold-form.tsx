"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Button } from "~/components/ui/button";
import { Card, CardBody, CardHeader } from "~/components/ui/card";
import { Field, fieldProps } from "~/components/ui/field";
import { FormError } from "~/components/ui/form-error";
import { Input } from "~/components/ui/input";
import { useToast } from "~/components/ui/toast";
import { formErrors } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";

/** Mixes a hidden gold item (a trace with a known answer) into the queue. */
export function GoldForm({ projectId, queueId, scoreName }: { projectId: string; queueId: string; scoreName: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [traceId, setTraceId] = useState("");
  const [value, setValue] = useState("");
  const add = useMutation(
    trpc.annotations.addGold.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.annotations.pathKey() });
        toast.success("Gold item added");
        setTraceId("");
        setValue("");
      },
    }),
  );
  const errors = formErrors(add.error, ["traceId", "value"]);

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    const v = value.trim();
    const parsed = v === "true" ? true : v === "false" ? false : v !== "" && !Number.isNaN(Number(v)) ? Number(v) : v;
    add.mutate({ projectId, queueId, traceId: traceId.trim(), value: parsed });
  }

  return (
    <Card>
      <CardHeader
        title="Hidden gold items"
        description="A trace with a known answer, labelled by reviewers like any other item; their accuracy on it shows below."
      />
      <CardBody>
        <form onSubmit={onSubmit} noValidate className="flex flex-wrap items-start gap-3">
          <Field id="gold-trace" label="Trace id" error={errors.fields.traceId}>
            <Input
              {...fieldProps("gold-trace", errors.fields.traceId)}
              value={traceId}
              onChange={(e) => setTraceId(e.target.value)}
            />
          </Field>
          <Field id="gold-value" label={`Known ${scoreName}`} error={errors.fields.value}>
            <Input
              {...fieldProps("gold-value", errors.fields.value)}
              value={value}
              placeholder="4, good, true…"
              onChange={(e) => setValue(e.target.value)}
            />
          </Field>
          <Button type="submit" className="mt-6" loading={add.isPending}>
            Add gold item
          </Button>
          <FormError>{errors.form}</FormError>
        </form>
      </CardBody>
    </Card>
  );
}
