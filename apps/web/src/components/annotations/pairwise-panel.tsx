"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { ClipboardCheck } from "lucide-react";
import { useState } from "react";
import { ChatView } from "~/components/traces/chat-view";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { Card, CardBody, CardHeader } from "~/components/ui/card";
import { EmptyState } from "~/components/ui/empty-state";
import { Field } from "~/components/ui/field";
import { FormError } from "~/components/ui/form-error";
import { Textarea } from "~/components/ui/textarea";
import { useToast } from "~/components/ui/toast";
import { cn } from "~/lib/cn";
import { formErrors } from "~/lib/trpc-errors";
import type { RouterOutputs } from "~/lib/types";
import { useTRPC } from "~/trpc/react";

type TQueue = RouterOutputs["annotations"]["get"];
type TNext = RouterOutputs["annotations"]["nextPair"];
type TChoice = "left" | "right" | "tie" | "both_bad";

const CHOICES: Array<{ value: TChoice; label: string }> = [
  { value: "left", label: "Left is better" },
  { value: "right", label: "Right is better" },
  { value: "tie", label: "Tie" },
  { value: "both_bad", label: "Both bad" },
];

/**
 * One pair at a time: the shared input and two outputs, left and right in an order fixed for
 * this reviewer; which side is which prompt version is never shown.
 */
export function PairwisePanel({ projectId, queue }: { projectId: string; queue: TQueue }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [current, setCurrent] = useState<TNext | null>(null);
  const [choice, setChoice] = useState<TChoice | null>(null);
  const [tags, setTags] = useState<string[]>([]);
  const [comment, setComment] = useState("");

  const next = useMutation(
    trpc.annotations.nextPair.mutationOptions({
      onSuccess: (r) => {
        setCurrent(r);
        setChoice(null);
        setTags([]);
        setComment("");
      },
    }),
  );
  const label = useMutation(
    trpc.annotations.labelPair.mutationOptions({
      onSuccess: async () => {
        toast.success("Preference saved");
        await queryClient.invalidateQueries({ queryKey: trpc.annotations.pathKey() });
        next.mutate({ projectId, queueId: queue.id });
      },
    }),
  );
  const skip = useMutation(
    trpc.annotations.skip.mutationOptions({ onSuccess: () => next.mutate({ projectId, queueId: queue.id }) }),
  );
  const errors = formErrors(label.error, ["choice", "tags", "comment"]);

  if (!current) {
    return (
      <Card>
        <EmptyState
          icon={ClipboardCheck}
          title={queue.items === 0 ? "The queue is empty" : `${queue.items - queue.done} pair(s) waiting`}
          description={
            queue.items === 0
              ? "Pairs form when both prompt versions have answered the same input (every 5 minutes), or press Fill now."
              : "You see two answers to the same input in random order; pick the better one."
          }
          action={
            <Button loading={next.isPending} onClick={() => next.mutate({ projectId, queueId: queue.id })}>
              Start comparing
            </Button>
          }
        />
      </Card>
    );
  }
  if (!current.item || !current.pair) {
    return (
      <Card>
        <EmptyState icon={ClipboardCheck} title="All done" description="No pair is waiting for you in this queue." />
      </Card>
    );
  }
  const item = current.item;
  const pair = current.pair;
  // Between "Save" and the next pair arriving the old pair stays on screen: it must not take a
  // second preference, so the form is disabled and the region says it is busy.
  const busy = label.isPending || next.isPending || skip.isPending;

  return (
    <div className={cn("space-y-4", busy && "opacity-60")} aria-busy={busy} data-item={item.id}>
      <Card aria-label="Shared input">
        <CardHeader title="Input" description="Both answers below were given to this input." />
        <CardBody>
          <ChatView value={pair.input} label="Pair input" />
        </CardBody>
      </Card>
      <div className="grid gap-4 md:grid-cols-2">
        {(["left", "right"] as const).map((side) => (
          <Card key={side} aria-label={`${side === "left" ? "Left" : "Right"} output`}>
            <CardHeader title={side === "left" ? "Left" : "Right"} />
            <CardBody>
              <ChatView value={pair[side]} label={`${side} output`} />
            </CardBody>
          </Card>
        ))}
      </div>
      <Card aria-labelledby="pref-heading">
        <CardHeader
          id="pref-heading"
          title="Your preference"
          description="Stored as the score “preference” (human), mapped back to the prompt versions."
        />
        <CardBody>
          <form
            noValidate
            className="space-y-4"
            onSubmit={(e) => {
              e.preventDefault();
              if (!choice) return;
              label.mutate({
                projectId,
                queueId: queue.id,
                itemId: item.id,
                choice,
                tags,
                comment: comment.trim() || null,
              });
            }}
          >
            <div role="radiogroup" aria-label="Preference" className="flex flex-wrap gap-2">
              {CHOICES.map((c) => (
                <button
                  key={c.value}
                  type="button"
                  role="radio"
                  aria-checked={choice === c.value}
                  disabled={busy}
                  onClick={() => setChoice(c.value)}
                  className={cn(
                    "rounded-lg border px-3 py-1.5 text-sm font-medium transition-colors",
                    choice === c.value
                      ? c.value === "both_bad"
                        ? "border-red-300 bg-red-50 text-red-700"
                        : "border-indigo-300 bg-indigo-50 text-indigo-700"
                      : "border-slate-300 bg-white text-slate-700 hover:bg-slate-50",
                  )}
                >
                  {c.label}
                </button>
              ))}
            </div>
            {errors.fields.choice && <p className="text-sm text-red-600">{errors.fields.choice}</p>}
            {queue.issueTags.length > 0 && (
              <fieldset>
                <legend className="mb-1.5 text-sm font-medium text-slate-700">Issues</legend>
                <div className="flex flex-wrap gap-2">
                  {queue.issueTags.map((t) => {
                    const on = tags.includes(t);
                    return (
                      <button
                        key={t}
                        type="button"
                        aria-pressed={on}
                        onClick={() => setTags((s) => (on ? s.filter((x) => x !== t) : [...s, t]))}
                        className={cn(
                          "rounded-full border px-3 py-1 text-xs font-medium",
                          on
                            ? "border-red-300 bg-red-50 text-red-700"
                            : "border-slate-300 text-slate-600 hover:bg-slate-50",
                        )}
                      >
                        {t}
                      </button>
                    );
                  })}
                </div>
              </fieldset>
            )}
            <Field id="pair-comment" label="Comment" hint="Optional">
              <Textarea id="pair-comment" rows={2} value={comment} onChange={(e) => setComment(e.target.value)} />
            </Field>
            <FormError>{errors.form}</FormError>
            <div className="flex items-center gap-2">
              <Button type="submit" loading={label.isPending} disabled={!choice || busy}>
                Save and next
              </Button>
              <Button
                type="button"
                variant="ghost"
                loading={skip.isPending}
                onClick={() => skip.mutate({ projectId, queueId: queue.id, itemId: item.id })}
              >
                Skip
              </Button>
              <span className="ml-auto text-xs text-slate-500">
                <Badge>{queue.items - queue.done}</Badge> pair(s) still need a preference.
              </span>
            </div>
          </form>
        </CardBody>
      </Card>
    </div>
  );
}
