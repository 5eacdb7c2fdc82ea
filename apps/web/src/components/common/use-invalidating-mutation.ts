"use client";
import { useMutation, useQueryClient, type QueryKey, type UseMutationOptions } from "@tanstack/react-query";

/**
 * A mutation (e.g. a tRPC `mutationOptions()`) that refetches `invalidate` once it succeeds, then
 * calls `onSuccess`; it stays pending until both are done.
 */
export function useInvalidatingMutation<TData, TError, TVars, TContext>(
  options: UseMutationOptions<TData, TError, TVars, TContext>,
  invalidate: QueryKey[],
  onSuccess: (data: TData) => void,
) {
  const queryClient = useQueryClient();
  return useMutation({
    ...options,
    onSuccess: async (data) => {
      await Promise.all(invalidate.map((queryKey) => queryClient.invalidateQueries({ queryKey })));
      onSuccess(data);
    },
  });
}
