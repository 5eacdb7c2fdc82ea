"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import type { FormEvent } from "react";
import { Button } from "~/components/ui/button";
import { Dialog, DialogBody, DialogFooter } from "~/components/ui/dialog";
import { Field, fieldProps } from "~/components/ui/field";
import { FormError } from "~/components/ui/form-error";
import { Input } from "~/components/ui/input";
import { Textarea } from "~/components/ui/textarea";
import { useToast } from "~/components/ui/toast";
import { formErrors } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";

export function CreateDatasetDialog({
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
  const router = useRouter();
  const toast = useToast();
  const create = useMutation(
    trpc.datasets.create.mutationOptions({
      onSuccess: async (ds) => {
        await queryClient.invalidateQueries({ queryKey: trpc.datasets.list.queryKey({ projectId }) });
        toast.success(`Dataset “${ds.name}” created`);
        onClose();
        router.push(`/projects/${projectId}/datasets/${ds.id}`);
      },
    }),
  );
  const errors = formErrors(create.error, ["name", "description"]);

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const description = String(form.get("description") ?? "").trim();
    create.mutate({ projectId, name: String(form.get("name") ?? ""), description: description || null });
  }

  function close() {
    create.reset();
    onClose();
  }

  return (
    <Dialog
      open={open}
      onClose={close}
      title="New dataset"
      description="Test cases for evaluations. Every change creates a new immutable version."
    >
      <form onSubmit={onSubmit} noValidate>
        <DialogBody>
          <FormError>{errors.form}</FormError>
          <Field id="dataset-name" label="Name" hint="Up to 100 characters" error={errors.fields.name}>
            <Input
              {...fieldProps("dataset-name", errors.fields.name, "hint")}
              name="name"
              data-autofocus
              placeholder="support-questions"
            />
          </Field>
          <Field id="dataset-description" label="Description" hint="Optional" error={errors.fields.description}>
            <Textarea
              {...fieldProps("dataset-description", errors.fields.description, "hint")}
              name="description"
              rows={3}
              maxLength={2000}
            />
          </Field>
        </DialogBody>
        <DialogFooter>
          <Button variant="ghost" onClick={close}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending}>
            Create dataset
          </Button>
        </DialogFooter>
      </form>
    </Dialog>
  );
}
