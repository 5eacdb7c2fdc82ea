import { handlers } from "~/auth";
import type { NextRequest } from "next/server";

export const { GET } = handlers;

/**
 * Auth.js answers a refused sign-in with 200 and the error in a URL. A throttled one (code
 * `rate_limited_N`, see auth.ts) becomes a real 429 with Retry-After, so scripts and proxies
 * see the limit too; the browser's signIn() reads the same body either way.
 */
export async function POST(req: NextRequest) {
  const res = await handlers.POST(req);
  if (!res.headers.get("content-type")?.includes("application/json")) return res;
  const body = (await res
    .clone()
    .json()
    .catch(() => null)) as { url?: unknown } | null;
  const code = typeof body?.url === "string" ? new URL(body.url, req.url).searchParams.get("code") : null;
  const wait = /^rate_limited_(\d+)$/.exec(code ?? "")?.[1];
  if (!wait) return res;
  const headers = new Headers(res.headers);
  headers.set("Retry-After", wait);
  return new Response(res.body, { status: 429, headers });
}
