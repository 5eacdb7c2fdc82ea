import { MessageSquareHeart, Star, ThumbsDown, ThumbsUp } from "lucide-react";
import { Badge } from "~/components/ui/badge";
import { Card, CardHeader } from "~/components/ui/card";
import { cn } from "~/lib/cn";
import type { TFeedback } from "~/lib/trace-types";
import { RelativeTime } from "~/components/common/relative-time";

function Stars({ rating }: { rating: number }) {
  return (
    <span className="inline-flex items-center gap-0.5" role="img" aria-label={`Rated ${rating} of 5`}>
      {[1, 2, 3, 4, 5].map((i) => (
        <Star
          key={i}
          className={cn("size-3.5", i <= rating ? "fill-amber-400 text-amber-400" : "text-slate-300")}
          aria-hidden
        />
      ))}
    </span>
  );
}

export function FeedbackPanel({ feedback }: { feedback: TFeedback[] }) {
  return (
    <Card aria-labelledby="feedback-heading">
      <CardHeader id="feedback-heading" title="User feedback" description="What end users said about this response." />
      {feedback.length === 0 ? (
        <p className="flex items-center gap-2 px-5 py-6 text-sm text-slate-500">
          <MessageSquareHeart className="size-4 text-slate-400" aria-hidden /> No feedback yet.
        </p>
      ) : (
        <ul className="divide-y divide-slate-100">
          {feedback.map((f) => (
            <li key={f.id} className="flex items-start gap-3 px-5 py-3">
              {f.thumbs === 1 ? (
                <span className="rounded-full bg-emerald-50 p-1.5 text-emerald-600" title="Thumbs up">
                  <ThumbsUp className="size-4" aria-label="Thumbs up" />
                </span>
              ) : f.thumbs === -1 ? (
                <span className="rounded-full bg-red-50 p-1.5 text-red-600" title="Thumbs down">
                  <ThumbsDown className="size-4" aria-label="Thumbs down" />
                </span>
              ) : (
                <span className="rounded-full bg-slate-100 p-1.5 text-slate-500">
                  <MessageSquareHeart className="size-4" aria-hidden />
                </span>
              )}
              <div className="min-w-0 flex-1">
                <div className="flex flex-wrap items-center gap-2 text-xs text-slate-500">
                  {f.rating !== null && <Stars rating={f.rating} />}
                  {f.userId && <span className="font-medium text-slate-700">{f.userId}</span>}
                  <RelativeTime value={f.timestamp} />
                </div>
                {f.comment && <p className="mt-1 text-sm text-slate-800">“{f.comment}”</p>}
                {f.tags.length > 0 && (
                  <div className="mt-1 flex flex-wrap gap-1">
                    {f.tags.map((t) => (
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
      )}
    </Card>
  );
}
