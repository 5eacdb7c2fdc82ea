// JSON for the wire. Host values can hold BigInts, cycles or Errors; none of them may make the
// SDK throw, so the fallback path degrades them to strings instead.

const encoder = new TextEncoder();

export function utf8Bytes(s: string): number {
  return encoder.encode(s).byteLength;
}

function fallbackReplacer(): (key: string, value: unknown) => unknown {
  const seen = new WeakSet<object>();
  return (_key, value) => {
    if (typeof value === "bigint") return value.toString();
    if (value instanceof Error) return { name: value.name, message: value.message };
    if (typeof value === "object" && value !== null) {
      // A shared (not only cyclic) reference is also cut here; this path runs only after plain JSON failed.
      if (seen.has(value)) return "[Circular]";
      seen.add(value);
    }
    return value;
  };
}

/** JSON.stringify that never throws: BigInt → string, cycles → "[Circular]", Error → {name, message}. */
export function safeStringify(value: unknown): string {
  try {
    return JSON.stringify(value) ?? "null";
  } catch {
    try {
      return JSON.stringify(value, fallbackReplacer()) ?? "null";
    } catch {
      return "null";
    }
  }
}

/** crypto.randomUUID where it exists (Node ≥ 19, secure browser contexts), else a v4 from Math.random. */
export function randomId(): string {
  const c = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
  if (c?.randomUUID) {
    try {
      return c.randomUUID();
    } catch {
      // insecure browser context: fall through
    }
  }
  const hex = [...Array(32)].map(() => Math.floor(Math.random() * 16).toString(16));
  hex[12] = "4";
  hex[16] = ((parseInt(hex[16] ?? "0", 16) & 0x3) | 0x8).toString(16);
  const h = hex.join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
