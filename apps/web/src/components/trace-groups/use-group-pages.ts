"use client";
import { useInfiniteQuery } from "@tanstack/react-query";
import { useTRPC } from "~/trpc/react";

/** Sessions or users active in a window, newest activity first, page by page. */
export function useGroupPages(kind: "sessions" | "users", projectId: string, from: Date | undefined) {
  const trpc = useTRPC();
  const proc = kind === "sessions" ? trpc.traces.sessions : trpc.traces.users;
  const query = useInfiniteQuery(
    proc.infiniteQueryOptions({ projectId, from }, { getNextPageParam: (last) => last.nextCursor ?? undefined }),
  );
  const groups = query.data?.pages.flatMap((p) => p.groups) ?? [];
  return { ...query, groups };
}
