"use client";
import Link from "next/link";
import { Link2, ThumbsDown } from "lucide-react";
import { JsonView } from "~/components/common/json-view";
import { RelativeTime } from "~/components/common/relative-time";
import { Badge } from "~/components/ui/badge";
import { Dialog, DialogBody } from "~/components/ui/dialog";
import type { TDatasetItem } from "~/lib/datasets";
import { PartitionBadge } from "./partition-chips";

type TFeedbackEntry = {
  kind?: string;
  traceId?: string;
  thumbs?: string;
  rating?: number;
  comment?: string;
  tags?: string[];
  score?: { name: string; value: number | null };
  timestamp?: string;
};

type TProvenance = {
  traceId?: string;
  observationId?: string;
  candidateId?: string;
  count?: number;
  firstSeenAt?: string;
  lastSeenAt?: string;
  feedback?: TFeedbackEntry[];
  reviewer?: { id?: string; name?: string | null };
  reviewedAt?: string;
};

/** One item read-only: its content and where it came from, with a link back to the trace. */
export function ItemDetailDialog({
  projectId,
  item,
  onClose,
}: {
  projectId: string;
  item: TDatasetItem;
  onClose: () => void;
}) {
  return (
    <Dialog open onClose={onClose} title={`Item ${item.id}`} className="max-w-2xl">
      <DialogBody className="max-h-[75vh] space-y-4 overflow-y-auto">
        <div className="flex flex-wrap items-center gap-2">
          <PartitionBadge partition={item.partition} />
          {item.tags.map((t) => (
            <Badge key={t}>{t}</Badge>
          ))}
        </div>
        <Provenance projectId={projectId} source={item.source} provenance={item.provenance as TProvenance | null} />
        <section>
          <h3 className="mb-1 text-xs font-semibold tracking-wide text-slate-500 uppercase">Input</h3>
          <JsonView value={item.input} label="Item input" />
        </section>
        <section>
          <h3 className="mb-1 text-xs font-semibold tracking-wide text-slate-500 uppercase">Expected output</h3>
          {item.expectedOutput === null ? (
            <p className="text-sm text-slate-500 italic">None — graded by a judge only (reference-free)</p>
          ) : (
            <JsonView value={item.expectedOutput} label="Expected output" />
          )}
        </section>
        {item.metadata && Object.keys(item.metadata).length > 0 && (
          <section>
            <h3 className="mb-1 text-xs font-semibold tracking-wide text-slate-500 uppercase">Metadata</h3>
            <JsonView value={item.metadata} label="Item metadata" />
          </section>
        )}
      </DialogBody>
    </Dialog>
  );
}

function Provenance({
  projectId,
  source,
  provenance: p,
}: {
  projectId: string;
  source: string | null;
  provenance: TProvenance | null;
}) {
  if (!p && !source) return null;
  const traceHref = p?.traceId
    ? `/projects/${projectId}/traces/${encodeURIComponent(p.traceId)}${p.observationId ? `?observation=${encodeURIComponent(p.observationId)}` : ""}`
    : null;
  return (
    <section aria-label="Provenance" className="rounded-lg border border-slate-200 bg-slate-50/60 p-3.5 text-sm">
      <h3 className="mb-2 text-xs font-semibold tracking-wide text-slate-500 uppercase">Provenance</h3>
      <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1.5 text-slate-700">
        {source && (
          <>
            <dt className="text-slate-500">Source</dt>
            <dd>{source === "feedback" ? "User feedback (candidate queue)" : source}</dd>
          </>
        )}
        {traceHref && (
          <>
            <dt className="text-slate-500">Trace</dt>
            <dd>
              <Link
                href={traceHref}
                className="inline-flex items-center gap-1 font-mono text-xs text-indigo-600 hover:text-indigo-500"
              >
                <Link2 className="size-3.5" aria-hidden />
                {p!.traceId}
              </Link>
            </dd>
          </>
        )}
        {p?.count !== undefined && (
          <>
            <dt className="text-slate-500">Reports</dt>
            <dd>
              {p.count} user report{p.count === 1 ? "" : "s"}
              {p.firstSeenAt && p.lastSeenAt && (
                <span className="text-slate-500">
                  {" "}
                  (first <RelativeTime value={p.firstSeenAt} />, last <RelativeTime value={p.lastSeenAt} />)
                </span>
              )}
            </dd>
          </>
        )}
        {p?.reviewer && (
          <>
            <dt className="text-slate-500">Reviewed by</dt>
            <dd>
              {p.reviewer.name ?? "a reviewer"}
              {p.reviewedAt && (
                <>
                  , <RelativeTime value={p.reviewedAt} />
                </>
              )}
            </dd>
          </>
        )}
      </dl>
      {p?.feedback && p.feedback.length > 0 && (
        <ul className="mt-3 space-y-1.5 border-t border-slate-200 pt-2.5">
          {p.feedback.map((f, i) => (
            <li key={i} className="flex items-start gap-2 text-xs text-slate-700">
              {f.thumbs === "down" ? (
                <ThumbsDown className="mt-0.5 size-3.5 shrink-0 text-red-600" aria-label="Thumbs down" />
              ) : (
                <span className="w-3.5 shrink-0" />
              )}
              <span>
                {f.rating !== undefined && <span className="mr-1.5">rated {f.rating}/5</span>}
                {f.score && (
                  <span className="mr-1.5">
                    {f.score.name} = {f.score.value}
                  </span>
                )}
                {f.comment && <span className="text-slate-900">“{f.comment}”</span>}
                {f.tags?.map((t) => (
                  <Badge key={t} tone="red" className="ml-1.5 px-1.5 py-0 text-[11px]">
                    {t}
                  </Badge>
                ))}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
