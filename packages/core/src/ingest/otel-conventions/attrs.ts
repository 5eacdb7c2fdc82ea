import type { TOtelAttributes } from "./types";

// Lenient readers: a value of the wrong type reads as undefined (the attribute then stays in
// metadata), never as an error.

export const str = (v: unknown) => (typeof v === "string" && v.length ? v : undefined);
export const num = (v: unknown) => {
  const n = typeof v === "string" && v.trim() !== "" ? Number(v) : v;
  return typeof n === "number" && Number.isFinite(n) ? n : undefined;
};
export const int = (v: unknown) => {
  const n = num(v);
  return n !== undefined && n >= 0 ? Math.round(n) : undefined;
};

/** JSON-looking strings (objects, arrays, quoted strings) parsed; anything else as it is. */
export function parseMaybeJson(v: unknown): unknown {
  if (typeof v !== "string") return v;
  const t = v.trim();
  if (!(t.startsWith("{") || t.startsWith("[") || (t.startsWith('"') && t.endsWith('"')))) return v;
  try {
    return JSON.parse(t);
  } catch {
    return v;
  }
}

export const record = (v: unknown): Record<string, unknown> | undefined => {
  const p = parseMaybeJson(v);
  return p && typeof p === "object" && !Array.isArray(p) ? (p as Record<string, unknown>) : undefined;
};

/** Indexed attributes: `<prefix>.0.role`, `<prefix>.0.content` → [{role, content}] (nested keys kept dotted). */
export function indexed(attrs: TOtelAttributes, prefix: string): Array<Record<string, unknown>> | undefined {
  const out: Array<Record<string, unknown>> = [];
  const head = `${prefix}.`;
  for (const [k, v] of Object.entries(attrs)) {
    if (!k.startsWith(head)) continue;
    const m = /^(\d+)\.(.+)$/.exec(k.slice(head.length));
    if (!m || Number(m[1]) > 10_000) continue;
    (out[Number(m[1])] ??= {})[m[2]!] = v;
  }
  const list = out.filter(Boolean);
  return list.length ? list : undefined;
}

/** `<prefix>.a`, `<prefix>.b` → {a, b}; a JSON object under `<prefix>` itself merges in first. */
export function prefixed(attrs: TOtelAttributes, prefix: string): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = { ...record(attrs[prefix]) };
  for (const [k, v] of Object.entries(attrs)) if (k.startsWith(`${prefix}.`)) out[k.slice(prefix.length + 1)] = v;
  return Object.keys(out).length ? out : undefined;
}

export const defined = <T extends Record<string, unknown>>(o: T): T | undefined => {
  const out = Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
  return Object.keys(out).length ? out : undefined;
};

export function nanosToIso(nanos: string | undefined): string | undefined {
  if (!nanos || nanos === "0") return undefined;
  const ms = BigInt(nanos) / 1_000_000n;
  return new Date(Number(ms)).toISOString();
}
