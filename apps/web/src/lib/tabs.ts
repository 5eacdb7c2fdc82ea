/** The tab named in the URL when it is one of `tabs`, else `fallback` (a stale or hand-edited link). */
export function pickTab<T extends string>(tabs: ReadonlyArray<{ id: T }>, raw: string | null, fallback: T): T {
  return tabs.some((t) => t.id === raw) ? (raw as T) : fallback;
}
