// Plain text out of a trace's input or output (a string, a chat message list, any JSON), bounded:
// drift statistics only need the words, never the whole document.

export const MAX_TEXT_CHARS = 4000;

/** Concatenates the string leaves of a JSON value (depth-first), stopping at `max` characters. */
export function textOf(value: unknown, max = MAX_TEXT_CHARS): string {
  const out: string[] = [];
  let len = 0;
  const walk = (v: unknown, depth: number) => {
    if (len >= max || depth > 20 || v === null || v === undefined) return;
    if (typeof v === "string") {
      out.push(v);
      len += v.length + 1;
    } else if (typeof v === "number" || typeof v === "boolean") {
      return;
    } else if (Array.isArray(v)) {
      for (const x of v) walk(x, depth + 1);
    } else if (typeof v === "object") {
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
        // roles and ids are structure, not content
        if (k === "role" || k === "type" || k === "id") continue;
        walk(x, depth + 1);
      }
    }
  };
  walk(value, 0);
  return out.join(" ").slice(0, max);
}

/** Length of a text in characters (code points), the unit of the length distributions. */
export function textLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}
