"use client";
import { useQuery } from "@tanstack/react-query";
import { ArrowRight, KeyRound } from "lucide-react";
import Link from "next/link";
import { useTRPC } from "~/trpc/react";

/**
 * Says before Run that `model` has no provider key (stored for the project or the server's
 * default), with a link to the Model providers settings. Renders nothing while loading or when ready.
 */
export function ProviderNotice({ projectId, model }: { projectId: string; model: string | null | undefined }) {
  const trpc = useTRPC();
  const status = useQuery(
    trpc.providers.status.queryOptions({ projectId, model: model ?? "" }, { enabled: Boolean(model?.trim()) }),
  );
  if (!model?.trim() || !status.data || status.data.ready) return null;
  const what =
    status.data.provider === "anthropic"
      ? `No Anthropic API key is set for this project, so ${model} cannot run yet.`
      : `No provider serves ${model}: Claude models (claude-*) need an Anthropic key, other models an OpenAI-compatible base URL.`;
  return (
    <div
      role="note"
      aria-label="Provider key missing"
      className="rounded-lg border border-amber-200 bg-amber-50 px-3.5 py-3 text-sm text-amber-900"
    >
      <p className="flex items-start gap-2">
        <KeyRound className="mt-0.5 size-4 shrink-0 text-amber-600" aria-hidden />
        <span className="[overflow-wrap:anywhere]">{what}</span>
      </p>
      <Link
        href={`/projects/${projectId}/settings/providers`}
        className="mt-1.5 ml-6 inline-flex items-center gap-1 font-medium text-amber-900 underline"
      >
        Add a key in Model providers <ArrowRight className="size-3.5" aria-hidden />
      </Link>
    </div>
  );
}
