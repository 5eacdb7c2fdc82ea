"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useParams } from "next/navigation";
import { Badge } from "~/components/ui/badge";
import { promptVersionHref } from "~/lib/prompt-link";
import { useTRPC } from "~/trpc/react";

/** "prompt name vN" on a generation; a link to that prompt version when the project has it. */
export function PromptChip({ name, version }: { name: string; version: number | null | undefined }) {
  const { projectId } = useParams<{ projectId: string }>();
  const trpc = useTRPC();
  const prompts = useQuery(trpc.prompts.list.queryOptions({ projectId }));
  const href = prompts.data ? promptVersionHref(projectId, prompts.data, name, version) : null;
  const badge = (
    <Badge tone="indigo">
      prompt {name}
      {version ? ` v${version}` : ""}
    </Badge>
  );
  if (!href) return badge;
  return (
    <Link href={href} className="rounded-md hover:opacity-80" title={`Open ${name}${version ? ` v${version}` : ""}`}>
      {badge}
    </Link>
  );
}
