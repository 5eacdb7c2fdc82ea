"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { ClipboardCheck, Link2 } from "lucide-react";
import { useState } from "react";
import { RelativeTime } from "~/components/common/relative-time";
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
type TNext = RouterOutputs["annotations"]["next"];
type TScoreConfig =
  | { name: string; type: "numeric"; min: number; max: number; passAtLeast: number }
  | { name: string; type: "categorical"; options: string[]; failing: string[] }
  | { name: string; type: "boolean" };

/** One item at a time: the trace's input and output, the score, issue tags and a comment. */
export function LabelPanel({ projectId, queue }: { projectId: string; queue: TQueue }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [current, setCurrent] = useState<TNext | null>(null);
  const [value, setValue] = useState<number | string | boolean | null>(null);
  const [tags, setTags] = useState<string[]>([]);
  const [comment, setComment] = useState("");
  const config = queue.scoreConfig as TScoreConfig;

  const next = useMutation(
    trpc.annotations.next.mutationOptions({
      onSuccess: (r) => {
        setCurrent(r);
        setValue(null);
        setTags([]);
        setComment("");
      },
    }),
  );
  const label = useMutation(
    trpc.annotations.label.mutationOptions({
      onSuccess: async () => {
        toast.success("Label saved");
        await queryClient.invalidateQueries({ queryKey: trpc.annotations.pathKey() });
        next.mutate({ projectId, queueId: queue.id });
      },
    }),
  );
  const skip = useMutation(
    trpc.annotations.skip.mutationOptions({ onSuccess: () => next.mutate({ projectId, queueId: queue.id }) }),
  );
  const errors = formErrors(label.error, ["value", "tags", "comment"]);

  if (!current) {
    return (
      <Card>
        <EmptyState
          icon={ClipboardCheck}
          title={queue.items === 0 ? "The queue is empty" : `${queue.items - queue.done} item(s) waiting`}
          description={
            queue.items === 0
              ? "Items arrive as matching traffic is sampled (every 5 minutes), or press Fill now."
              : "Each item is reserved for you while you label it; unlabelled reservations are released after a while."
          }
          action={
            <Button loading={next.isPending} onClick={() => next.mutate({ projectId, queueId: queue.id })}>
              Start labelling
            </Button>
          }
        />
      </Card>
    );
  }
  if (!current.item || !current.trace) {
    return (
      <Card>
        <EmptyState icon={ClipboardCheck} title="All done" description="No item is waiting for you in this queue." />
      </Card>
    );
  }
  const item = current.item;
  const trace = current.trace as unknown as {
    input: unknown;
    output: unknown;
    name: string | null;
    timestamp: string | Date;
  };

  return (
    <div className="grid gap-4 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
      <Card aria-label="Item to label">
        <CardHeader
          title={trace.name ?? "Trace"}
          description={
            <>
              <RelativeTime value={trace.timestamp} />
              {item.stratum && <> · {item.stratum}</>}
              {item.reservedUntil && (
                <>
                  {" "}
                  · reserved for you until{" "}
                  {new Date(item.reservedUntil).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })}
                </>
              )}
            </>
          }
          actions={
            <Link
              href={`/projects/${projectId}/traces/${encodeURIComponent(item.traceId)}`}
              className="inline-flex items-center gap-1 text-sm font-medium text-indigo-600 hover:text-indigo-500"
            >
              <Link2 className="size-4" aria-hidden />
              Trace
            </Link>
          }
        />
        <CardBody className="space-y-3">
          <div>
            <h3 className="mb-1.5 text-xs font-semibold tracking-wide text-slate-500 uppercase">Input</h3>
            <ChatView value={trace.input} label="Trace input" />
          </div>
          <div>
            <h3 className="mb-1.5 text-xs font-semibold tracking-wide text-slate-500 uppercase">Output</h3>
            <ChatView value={trace.output} label="Trace output" />
          </div>
        </CardBody>
      </Card>
      <Card aria-labelledby="label-heading">
        <CardHeader
          id="label-heading"
          title="Your label"
          description={`Stored as the score “${config.name}” (human).`}
        />
        <CardBody>
          <form
            noValidate
            className="space-y-4"
            onSubmit={(e) => {
              e.preventDefault();
              if (value === null) return;
              label.mutate({
                projectId,
                queueId: queue.id,
                itemId: item.id,
                value,
                tags,
                comment: comment.trim() || null,
              });
            }}
          >
            <fieldset>
              <legend className="mb-1.5 text-sm font-medium text-slate-700">{config.name}</legend>
              <div role="radiogroup" aria-label={config.name} className="flex flex-wrap gap-2">
                {choices(config).map((c) => (
                  <button
                    key={String(c.value)}
                    type="button"
                    role="radio"
                    aria-checked={value === c.value}
                    onClick={() => setValue(c.value)}
                    className={cn(
                      "min-w-10 rounded-lg border px-3 py-1.5 text-sm font-medium transition-colors",
                      value === c.value
                        ? c.fails
                          ? "border-red-300 bg-red-50 text-red-700"
                          : "border-indigo-300 bg-indigo-50 text-indigo-700"
                        : "border-slate-300 bg-white text-slate-700 hover:bg-slate-50",
                    )}
                  >
                    {c.label}
                  </button>
                ))}
              </div>
              {errors.fields.value && <p className="mt-1.5 text-sm text-red-600">{errors.fields.value}</p>}
            </fieldset>
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
            <Field id="label-comment" label="Comment" hint="Optional">
              <Textarea id="label-comment" rows={3} value={comment} onChange={(e) => setComment(e.target.value)} />
            </Field>
            <FormError>{errors.form}</FormError>
            <div className="flex gap-2">
              <Button type="submit" loading={label.isPending} disabled={value === null}>
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
            </div>
            <p className="text-xs text-slate-500">
              <Badge>{queue.items - queue.done}</Badge> item(s) still need a label.
            </p>
          </form>
        </CardBody>
      </Card>
    </div>
  );
}

function choices(config: TScoreConfig): Array<{ value: number | string | boolean; label: string; fails: boolean }> {
  if (config.type === "boolean")
    return [
      { value: true, label: "Pass", fails: false },
      { value: false, label: "Fail", fails: true },
    ];
  if (config.type === "categorical")
    return config.options.map((o) => ({ value: o, label: o, fails: config.failing.includes(o) }));
  const out = [];
  const step = config.max - config.min <= 10 ? 1 : (config.max - config.min) / 10;
  for (let v = config.min; v <= config.max + 1e-9; v += step) {
    const r = +v.toFixed(4);
    out.push({ value: r, label: String(r), fails: r < config.passAtLeast });
  }
  return out;
}
