import canonicalize from "canonicalize";
import { createHash, createHmac, timingSafeEqual } from "node:crypto";

// The Inngest server's half of request signing (SDK spec 4.1.3–4.1.4). The SDK checks a call's
// signature against the RFC 8785 canonical JSON of the body it parsed, so that is what we sign.
const PREFIX = /^signkey-[\w]+-/;

/** `x-inngest-signature` for a call request body; `t` is always real time (the SDK checks it). */
export function signBody(body: unknown, signingKey: string, nowMs = Date.now()): string {
  const t = Math.floor(nowMs / 1000).toString();
  const s = createHmac("sha256", signingKey.replace(PREFIX, ""))
    .update(canonicalize(body) + t)
    .digest("hex");
  return `t=${t}&s=${s}`;
}

/** The bearer token the SDK sends to the server: the key's prefix + sha256 of its hex part. */
export function hashSigningKey(signingKey: string): string {
  const prefix = signingKey.match(PREFIX)?.[0] ?? "";
  return (
    prefix +
    createHash("sha256")
      .update(Buffer.from(signingKey.replace(PREFIX, ""), "hex"))
      .digest("hex")
  );
}

export function isAuthorized(authorization: string | undefined, signingKey: string): boolean {
  const want = Buffer.from(`Bearer ${hashSigningKey(signingKey)}`);
  const got = Buffer.from(authorization ?? "");
  return got.length === want.length && timingSafeEqual(got, want);
}
