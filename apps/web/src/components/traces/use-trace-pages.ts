"use client";
import { useInfiniteQuery, useQueryClient } from "@tanstack/react-query";
import type { RouterInputs } from "~/lib/trace-types";
import { useTRPC } from "~/trpc/react";

type TListInput = RouterInputs["traces"]["list"];

/** `traces.list` page by page: the cursor of each page fetches the next ("Load more"). */
export function useTracePages(input: TListInput) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const query = useInfiniteQuery({
    queryKey: [...trpc.traces.list.queryKey(input), "pages"],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      queryClient.fetchQuery(
        trpc.traces.list.queryOptions({ ...input, list: { ...input.list, cursor: pageParam } }, { staleTime: 0 }),
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const traces = query.data?.pages.flatMap((p) => p.traces) ?? [];
  return { ...query, traces };
}
