"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { Trash2 } from "lucide-react";
import { useState } from "react";
import { Button } from "~/components/ui/button";
import { ConfirmDialog } from "~/components/ui/confirm-dialog";
import { useToast } from "~/components/ui/toast";
import { friendlyMessage } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";

export function DeleteGraderButton({ projectId, grader }: { projectId: string; grader: { id: string; name: string } }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const toast = useToast();
  const [open, setOpen] = useState(false);
  const remove = useMutation(
    trpc.graders.delete.mutationOptions({
      onSuccess: async () => {
        router.push(`/projects/${projectId}/graders`);
        toast.success(`Deleted grader ${grader.name}`);
        await queryClient.invalidateQueries({ queryKey: trpc.graders.list.queryKey({ projectId }) });
      },
    }),
  );
  return (
    <>
      <Button variant="danger-outline" onClick={() => setOpen(true)}>
        <Trash2 className="size-4" aria-hidden />
        Delete
      </Button>
      <ConfirmDialog
        open={open}
        onClose={() => {
          remove.reset();
          setOpen(false);
        }}
        title={`Delete grader ${grader.name}?`}
        description="Every version of the grader is deleted, with its calibration sets, human labels and runs. This cannot be undone."
        confirmLabel="Delete grader"
        confirmText={grader.name}
        pending={remove.isPending}
        error={remove.error ? friendlyMessage(remove.error) : undefined}
        onConfirm={() => remove.mutate({ projectId, graderId: grader.id })}
      />
    </>
  );
}
