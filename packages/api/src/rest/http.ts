import { AppError } from "@yardstick/server";

// Plain HTTP helpers of the REST adapter: JSON answers, bounded body reads, CORS.

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", ...headers },
  });
}

/** Reads a JSON body, enforcing a byte limit while streaming (413) and valid JSON (400). */
export async function readJsonBody(req: Request, maxBytes: number): Promise<unknown> {
  const bytes = await readLimited(req, maxBytes);
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new AppError("invalid_input", "Request body is not valid JSON");
  }
}

/** The body's bytes, refusing (413) a declared or streamed size over `maxBytes`. */
export async function readLimited(req: Request, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(req.headers.get("content-length") ?? "NaN");
  if (declared > maxBytes) throw new AppError("payload_too_large", `Request body exceeds ${maxBytes} bytes`);
  if (!req.body) return new Uint8Array();
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      throw new AppError("payload_too_large", `Request body exceeds ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.byteLength;
  }
  return out;
}

// Keys travel as bearer tokens, never cookies. Only the routes a browser-safe `feedback` key may
// call answer cross-origin requests (a page posts feedback with such a key); every other route, and
// a privileged key sent from a browser, get no CORS headers, so a page cannot read their answers.
export const CORS_HEADERS: Record<string, string> = {
  "access-control-allow-origin": "*",
  "access-control-allow-methods": "POST, OPTIONS",
  "access-control-allow-headers": "authorization, content-type, content-encoding",
  "access-control-expose-headers": "retry-after",
  "access-control-max-age": "86400",
};

/** Paths of the routes that take the `feedback` scope (a test checks this against the routes). */
export const BROWSER_ROUTE_PATHS = new Set(["/api/public/ingestion"]);

/** Answers CORS preflight requests: allowed for the feedback routes only. */
export function corsPreflight(req?: Request): Response {
  const path = req ? new URL(req.url).pathname.replace(/\/+$/, "") : "";
  return new Response(null, { status: 204, headers: BROWSER_ROUTE_PATHS.has(path) ? CORS_HEADERS : {} });
}
