import { serverEnv } from "@yardstick/server";

/**
 * The client's address for per-IP limits, from X-Forwarded-For.
 *
 * Each proxy appends the address it received the request from, so with N trusted proxies in front
 * the client is the N-th entry from the right; anything left of it was written by the client and
 * can be forged. With no proxy (N = 0) the app's own server (scripts/serve-web.mjs) replaces the
 * header with the socket address, so the one entry there is the peer. Leftmost-first would let any
 * client pick its own key.
 */
export function clientIpFrom(xForwardedFor: string | null | undefined, trustedProxies: number): string | null {
  const hops = (xForwardedFor ?? "")
    .split(",")
    .map((h) => h.trim())
    .filter(Boolean);
  if (hops.length === 0) return null;
  // Fewer hops than proxies: the request skipped a proxy; the leftmost is the best we have.
  const index = Math.max(0, hops.length - Math.max(1, trustedProxies));
  return normaliseIp(hops[index]!);
}

export function clientIp(headers: Headers): string | null {
  return clientIpFrom(headers.get("x-forwarded-for"), serverEnv().trustedProxies);
}

/** `::ffff:1.2.3.4` and `1.2.3.4` are one client; a port some proxies add is dropped. */
function normaliseIp(raw: string): string {
  let ip = raw.toLowerCase();
  if (ip.startsWith("[")) ip = ip.slice(1, ip.indexOf("]") > 0 ? ip.indexOf("]") : undefined);
  else if (/^\d+\.\d+\.\d+\.\d+:\d+$/.test(ip)) ip = ip.slice(0, ip.lastIndexOf(":"));
  if (ip.startsWith("::ffff:") && ip.includes(".")) ip = ip.slice(7);
  return ip.slice(0, 64);
}
