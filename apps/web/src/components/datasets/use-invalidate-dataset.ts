"use client";
import { useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "~/trpc/react";

/** After any edit: the dataset, its items, history and the datasets list are all stale. */
export function useInvalidateDatasets() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: trpc.datasets.pathKey() });
}
