"use client";
import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { Link2, Star, ThumbsDown, ThumbsUp } from "lucide-react";
import { RelativeTime } from "~/components/common/relative-time";
import { ChatView } from "~/components/traces/chat-view";
import { PromptChip } from "~/components/traces/prompt-chip";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { Card, CardBody, CardHeader } from "~/components/ui/card";
import { ErrorPanel } from "~/components/ui/query-state";
import { Skeleton } from "~/components/ui/skeleton";
import type { RouterOutputs } from "~/lib/types";
import { useTRPC } from "~/trpc/react";
import { ReviewForm } from "./review-form";

type TCandidate = RouterOutputs["candidates"]["get"];

const traceHref = (projectId: string, traceId: string) =>
  `/projects/${projectId}/traces/${encodeURIComponent(traceId)}`;

export function CandidateDetail({
  projectId,
  candidateId,
  canEdit,
  onReviewed,
}: {
  projectId: string;
  candidateId: string;
  canEdit: boolean;
  onReviewed: (id: string) => Promise<void>;
}) {
  const trpc = useTRPC();
  const q = useQuery(trpc.candidates.get.queryOptions({ projectId, candidateId }));
  if (q.isError) return <ErrorPanel error={q.error} onRetry={() => void q.refetch()} />;
  if (!q.data) {
    return (
      <Card>
        <CardBody className="space-y-3">
          <Skeleton className="h-5 w-2/3" />
          <Skeleton className="h-24 w-full" />
          <Skeleton className="h-24 w-full" />
        </CardBody>
      </Card>
    );
  }
  const c = q.data;
  return (
    <div className="space-y-4" aria-label="Candidate">
      <Card>
        <CardHeader
          title={
            <span className="inline-flex items-center gap-2">
              Reported {c.count} time{c.count === 1 ? "" : "s"}
              <StatusBadge status={c.status} />
            </span>
          }
          description={
            <>
              First seen <RelativeTime value={c.firstSeenAt} /> · last seen <RelativeTime value={c.lastSeenAt} /> ·{" "}
              {c.traceIds.length} trace{c.traceIds.length === 1 ? "" : "s"}
              {c.similarityMethod && (
                <>
                  {" "}
                  · similar inputs merged by{" "}
                  {c.similarityMethod === "embedding"
                    ? "embeddings"
                    : "TF-IDF (lexical fallback, no embedding provider)"}
                </>
              )}
            </>
          }
          actions={
            <Link
              href={traceHref(projectId, c.traceId)}
              className="inline-flex items-center gap-1 text-sm font-medium text-indigo-600 hover:text-indigo-500"
            >
              <Link2 className="size-4" aria-hidden />
              Trace
            </Link>
          }
        />
        <CardBody className="space-y-4">
          <section aria-label="Conversation" className="space-y-3">
            <div>
              <h3 className="mb-1.5 text-xs font-semibold tracking-wide text-slate-500 uppercase">Input</h3>
              <ChatView value={c.input} label="Candidate input" />
            </div>
            <div>
              <h3 className="mb-1.5 flex flex-wrap items-center gap-2 text-xs font-semibold tracking-wide text-slate-500 uppercase">
                Output the user saw
                {c.model && <span className="font-mono font-normal normal-case">{c.model}</span>}
                {c.promptName && <PromptChip name={c.promptName} version={c.promptVersion} />}
              </h3>
              <ChatView value={c.output} label="Output given" />
            </div>
          </section>
        </CardBody>
      </Card>
      <Signals projectId={projectId} candidate={c} />
      {c.status === "open" && canEdit && (
        <ReviewForm projectId={projectId} candidate={c} onDone={() => onReviewed(c.id)} />
      )}
      {c.status !== "open" && (
        <Outcome projectId={projectId} candidate={c} canEdit={canEdit} onDone={() => onReviewed(c.id)} />
      )}
    </div>
  );
}

function StatusBadge({ status }: { status: TCandidate["status"] }) {
  const tone =
    status === "open" ? "indigo" : status === "promoted" ? "green" : status === "rejected" ? "red" : "neutral";
  return <Badge tone={tone}>{status}</Badge>;
}

function Signals({ projectId, candidate }: { projectId: string; candidate: TCandidate }) {
  return (
    <Card aria-labelledby="signals-heading">
      <CardHeader
        id="signals-heading"
        title="Feedback"
        description="Every report behind this candidate, newest first."
      />
      <ul className="max-h-72 divide-y divide-slate-100 overflow-y-auto">
        {candidate.occurrences.map((o) => (
          <li key={o.id} className="flex items-start gap-3 px-5 py-2.5 text-sm">
            <span className="mt-0.5 text-slate-500">
              {o.thumbs === -1 ? (
                <ThumbsDown className="size-4 text-red-600" aria-label="Thumbs down" />
              ) : o.thumbs === 1 ? (
                <ThumbsUp className="size-4 text-emerald-600" aria-label="Thumbs up" />
              ) : o.rating !== null ? (
                <Star className="size-4 fill-amber-400 text-amber-400" aria-label={`Rated ${o.rating} of 5`} />
              ) : (
                <span className="font-mono text-xs">{o.scoreName}</span>
              )}
            </span>
            <div className="min-w-0 flex-1">
              <div className="flex flex-wrap items-center gap-2 text-xs text-slate-500">
                {o.rating !== null && <span>rated {o.rating}/5</span>}
                {o.scoreName && (
                  <span>
                    score {o.scoreName} = {o.scoreValue}
                  </span>
                )}
                {o.userId && <span className="font-medium text-slate-700">{o.userId}</span>}
                <RelativeTime value={o.timestamp} />
                <Link href={traceHref(projectId, o.traceId)} className="text-indigo-600 hover:text-indigo-500">
                  trace
                </Link>
              </div>
              {o.comment && <p className="mt-0.5 text-slate-800">“{o.comment}”</p>}
              {o.tags.length > 0 && (
                <div className="mt-1 flex flex-wrap gap-1">
                  {o.tags.map((t) => (
                    <Badge key={t} tone="red">
                      {t}
                    </Badge>
                  ))}
                </div>
              )}
            </div>
          </li>
        ))}
      </ul>
    </Card>
  );
}

function Outcome({
  projectId,
  candidate: c,
  canEdit,
  onDone,
}: {
  projectId: string;
  candidate: TCandidate;
  canEdit: boolean;
  onDone: () => Promise<void>;
}) {
  return (
    <Card>
      <CardBody className="text-sm text-slate-700">
        {c.status === "promoted" && c.datasetId ? (
          <p>
            Promoted by {c.reviewedByName ?? "a reviewer"} {c.reviewedAt && <RelativeTime value={c.reviewedAt} />} into{" "}
            <Link
              href={`/projects/${projectId}/datasets/${c.datasetId}`}
              className="font-medium text-indigo-600 hover:text-indigo-500"
            >
              the dataset{c.datasetVersion ? ` (version ${c.datasetVersion})` : ""}
            </Link>
            .
          </p>
        ) : c.status === "rejected" ? (
          <div className="flex flex-wrap items-center justify-between gap-3">
            <p>
              Rejected by {c.reviewedByName ?? "a reviewer"} {c.reviewedAt && <RelativeTime value={c.reviewedAt} />}:{" "}
              <span className="text-slate-900">“{c.rejectReason}”</span>
            </p>
            {canEdit && <ReopenButton projectId={projectId} candidateId={c.id} onDone={onDone} />}
          </div>
        ) : (
          <p>This candidate was merged into a similar one.</p>
        )}
      </CardBody>
    </Card>
  );
}

function ReopenButton({
  projectId,
  candidateId,
  onDone,
}: {
  projectId: string;
  candidateId: string;
  onDone: () => Promise<void>;
}) {
  const trpc = useTRPC();
  const reopen = useMutation(trpc.candidates.reopen.mutationOptions({ onSuccess: () => onDone() }));
  return (
    <Button
      variant="secondary"
      size="sm"
      loading={reopen.isPending}
      onClick={() => reopen.mutate({ projectId, candidateId })}
    >
      Reopen
    </Button>
  );
}
