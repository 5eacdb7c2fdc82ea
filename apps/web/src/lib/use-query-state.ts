"use client";
import { usePathname, useRouter, useSearchParams } from "next/navigation";

/**
 * Page state kept in the URL's query string (tab, selected version…), so a view can be linked
 * and survives a reload. `go` patches it (undefined removes a key); `defaultTab` is left out of the URL.
 */
export function useQueryState(defaultTab: string) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  function go(patch: Record<string, string | number | undefined>) {
    const next = new URLSearchParams(params.toString());
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined) next.delete(k);
      else next.set(k, String(v));
    }
    if (next.get("tab") === defaultTab) next.delete("tab");
    const qs = next.toString();
    router.replace(qs ? `${pathname}?${qs}` : pathname, { scroll: false });
  }
  return { params, go };
}
