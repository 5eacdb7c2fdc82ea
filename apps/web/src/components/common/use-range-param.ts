"use client";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useMemo } from "react";
import { DEFAULT_RANGE, RANGE_PRESETS, rangeDates, type TRangeId } from "~/lib/trace-filters";

/** A preset time range kept in `?range=`, with its `from` pinned when the range changes. */
export function useRangeParam() {
  const router = useRouter();
  const pathname = usePathname();
  const raw = useSearchParams().get("range");
  const range: TRangeId = RANGE_PRESETS.some((p) => p.id === raw) ? (raw as TRangeId) : DEFAULT_RANGE;
  const dates = useMemo(() => rangeDates(range, {}, Date.now()), [range]);
  const setRange = (r: TRangeId) =>
    router.replace(r === DEFAULT_RANGE ? pathname : `${pathname}?range=${r}`, { scroll: false });
  return { range, setRange, from: dates.from };
}
