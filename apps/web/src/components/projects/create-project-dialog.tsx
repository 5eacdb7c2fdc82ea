"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import type { FormEvent } from "react";
import { Button } from "~/components/ui/button";
import { Dialog, DialogBody, DialogFooter } from "~/components/ui/dialog";
import { Field, fieldProps } from "~/components/ui/field";
import { FormError } from "~/components/ui/form-error";
import { Input } from "~/components/ui/input";
import { useToast } from "~/components/ui/toast";
import { formErrors } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";

export function CreateProjectDialog({
  organizationId,
  open,
  onClose,
}: {
  organizationId: string;
  open: boolean;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const toast = useToast();
  const create = useMutation(
    trpc.projects.create.mutationOptions({
      onSuccess: async (project) => {
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.projects.list.queryKey({ organizationId }) }),
          queryClient.invalidateQueries({ queryKey: trpc.organizations.list.queryKey() }),
        ]);
        toast.success(`Project “${project.name}” created`);
        onClose();
        router.push(`/projects/${project.id}`);
      },
    }),
  );
  const errors = formErrors(create.error, ["name"]);

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    create.mutate({ organizationId, name: String(new FormData(e.currentTarget).get("name") ?? "") });
  }

  return (
    <Dialog
      open={open}
      onClose={() => {
        create.reset();
        onClose();
      }}
      title="New project"
      description="A project holds the traces, datasets and experiments of one LLM feature."
    >
      <form onSubmit={onSubmit} noValidate>
        <DialogBody>
          <FormError>{errors.form}</FormError>
          <Field id="project-name" label="Project name" hint="Up to 80 characters" error={errors.fields.name}>
            <Input
              {...fieldProps("project-name", errors.fields.name, "hint")}
              name="name"
              data-autofocus
              placeholder="Support bot"
            />
          </Field>
        </DialogBody>
        <DialogFooter>
          <Button variant="ghost" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending}>
            Create project
          </Button>
        </DialogFooter>
      </form>
    </Dialog>
  );
}
