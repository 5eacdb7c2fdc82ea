"use client";
import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { ArrowUpRight, X } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import { Button } from "~/components/ui/button";
import { Card, CardBody, CardHeader } from "~/components/ui/card";
import { Field, fieldProps } from "~/components/ui/field";
import { FormError } from "~/components/ui/form-error";
import { Input } from "~/components/ui/input";
import { Select } from "~/components/ui/select";
import { Textarea } from "~/components/ui/textarea";
import { useToast } from "~/components/ui/toast";
import { DATASET_PARTITIONS, PARTITION_META, type TDatasetPartition } from "~/lib/datasets";
import { formErrors } from "~/lib/trpc-errors";
import type { RouterOutputs } from "~/lib/types";
import { useTRPC } from "~/trpc/react";
import { isTypingTarget } from "./keyboard";

type TCandidate = RouterOutputs["candidates"]["get"];

/**
 * The reviewer's decision: the expected output (or judge only), partition and dataset, then
 * promote (p) or reject with a reason (r). `e` jumps to the expected output.
 */
export function ReviewForm({
  projectId,
  candidate,
  onDone,
}: {
  projectId: string;
  candidate: TCandidate;
  onDone: () => Promise<void>;
}) {
  const trpc = useTRPC();
  const toast = useToast();
  const datasets = useQuery(trpc.datasets.list.queryOptions({ projectId }));
  const [expected, setExpected] = useState("");
  const [judgeOnly, setJudgeOnly] = useState(false);
  const [partition, setPartition] = useState<TDatasetPartition>("golden");
  const [datasetId, setDatasetId] = useState("");
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState("");
  const expectedRef = useRef<HTMLTextAreaElement>(null);
  const reasonRef = useRef<HTMLInputElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const chosenDataset = datasetId || datasets.data?.[0]?.id || "";

  const promote = useMutation(
    trpc.candidates.promote.mutationOptions({
      onSuccess: async (r) => {
        toast.success(`Promoted: dataset version ${r.version ?? "unchanged"}`);
        await onDone();
      },
    }),
  );
  const reject = useMutation(
    trpc.candidates.reject.mutationOptions({
      onSuccess: async () => {
        toast.success("Candidate rejected");
        await onDone();
      },
    }),
  );
  const promoteErrors = formErrors(promote.error, ["expectedOutput", "datasetId", "partition"]);
  const rejectErrors = formErrors(reject.error, ["reason"]);
  const missingExpected = !judgeOnly && expected.trim() === "";

  function submitPromote() {
    if (promote.isPending || !chosenDataset || missingExpected) {
      if (missingExpected) expectedRef.current?.focus();
      return;
    }
    promote.mutate({
      projectId,
      candidateId: candidate.id,
      datasetId: chosenDataset,
      partition,
      expectedOutput: judgeOnly ? null : expected,
    });
  }
  function submitReject() {
    if (reject.isPending) return;
    reject.mutate({ projectId, candidateId: candidate.id, reason });
  }

  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      if (isTypingTarget(e.target) || e.metaKey || e.ctrlKey || e.altKey) return;
      if (e.key === "e") {
        e.preventDefault();
        setJudgeOnly(false);
        expectedRef.current?.focus();
      } else if (e.key === "p") {
        e.preventDefault();
        formRef.current?.requestSubmit();
      } else if (e.key === "r") {
        e.preventDefault();
        setRejecting(true);
        setTimeout(() => reasonRef.current?.focus(), 0);
      }
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  });

  const observed =
    candidate.output === null
      ? ""
      : typeof candidate.output === "string"
        ? candidate.output
        : JSON.stringify(candidate.output);

  return (
    <Card aria-labelledby="review-heading">
      <CardHeader
        id="review-heading"
        title="Review"
        description="Write what the answer should have been, pick where it goes, and promote it — or reject it."
      />
      <CardBody>
        <form
          ref={formRef}
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            submitPromote();
          }}
          className="space-y-4"
        >
          <Field
            id="expected-output"
            label="Expected output"
            hint={judgeOnly ? "No reference: graded by a judge only." : "What a good answer says (e to edit)."}
            error={promoteErrors.fields.expectedOutput}
            labelAside={
              observed ? (
                <button
                  type="button"
                  className="text-xs font-medium text-indigo-600 hover:text-indigo-500"
                  onClick={() => {
                    setJudgeOnly(false);
                    setExpected(observed);
                    expectedRef.current?.focus();
                  }}
                >
                  Start from the output given
                </button>
              ) : undefined
            }
          >
            <Textarea
              ref={expectedRef}
              {...fieldProps("expected-output", promoteErrors.fields.expectedOutput)}
              rows={4}
              value={judgeOnly ? "" : expected}
              disabled={judgeOnly}
              placeholder={judgeOnly ? "judge only" : "The answer a user should have got"}
              onChange={(e) => setExpected(e.target.value)}
            />
          </Field>
          <label className="flex items-center gap-2 text-sm text-slate-700">
            <input
              type="checkbox"
              className="size-4 rounded border-slate-300 text-indigo-600"
              checked={judgeOnly}
              onChange={(e) => setJudgeOnly(e.target.checked)}
            />
            No expected output — judge only
          </label>
          <div className="grid gap-4 sm:grid-cols-2">
            <Field id="promote-partition" label="Partition" hint={PARTITION_META[partition].hint}>
              <Select
                id="promote-partition"
                value={partition}
                onChange={(e) => setPartition(e.target.value as TDatasetPartition)}
              >
                {DATASET_PARTITIONS.map((p) => (
                  <option key={p} value={p}>
                    {PARTITION_META[p].label}
                  </option>
                ))}
              </Select>
            </Field>
            <Field id="promote-dataset" label="Dataset" error={promoteErrors.fields.datasetId}>
              {datasets.data && datasets.data.length === 0 ? (
                <p className="text-sm text-slate-500">
                  No dataset yet.{" "}
                  <Link href={`/projects/${projectId}/datasets`} className="font-medium text-indigo-600">
                    Create one
                  </Link>
                </p>
              ) : (
                <Select
                  {...fieldProps("promote-dataset", promoteErrors.fields.datasetId)}
                  value={chosenDataset}
                  onChange={(e) => setDatasetId(e.target.value)}
                >
                  {(datasets.data ?? []).map((d) => (
                    <option key={d.id} value={d.id}>
                      {d.name} {d.latestVersion > 0 ? `(v${d.latestVersion})` : "(empty)"}
                    </option>
                  ))}
                </Select>
              )}
            </Field>
          </div>
          <FormError>{promoteErrors.form}</FormError>
          <div className="flex flex-wrap items-center gap-2">
            <Button type="submit" loading={promote.isPending} disabled={!chosenDataset || missingExpected}>
              <ArrowUpRight className="size-4" aria-hidden />
              Promote (p)
            </Button>
            {!rejecting && (
              <Button
                type="button"
                variant="danger-outline"
                onClick={() => {
                  setRejecting(true);
                  setTimeout(() => reasonRef.current?.focus(), 0);
                }}
              >
                <X className="size-4" aria-hidden />
                Reject (r)
              </Button>
            )}
          </div>
        </form>
        {rejecting && (
          <form
            noValidate
            className="mt-4 border-t border-slate-100 pt-4"
            onSubmit={(e) => {
              e.preventDefault();
              submitReject();
            }}
          >
            <Field id="reject-reason" label="Why reject it?" error={rejectErrors.fields.reason ?? rejectErrors.form}>
              <div className="flex gap-2">
                <Input
                  ref={reasonRef}
                  {...fieldProps("reject-reason", rejectErrors.fields.reason ?? rejectErrors.form)}
                  value={reason}
                  placeholder="e.g. The answer was right; the user wanted something else"
                  onChange={(e) => setReason(e.target.value)}
                  onKeyDown={(e) => {
                    if (e.key === "Escape") setRejecting(false);
                  }}
                />
                <Button type="submit" variant="danger" loading={reject.isPending}>
                  Reject
                </Button>
              </div>
            </Field>
          </form>
        )}
      </CardBody>
    </Card>
  );
}
