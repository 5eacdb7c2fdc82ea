import {
  findApiKeyByHash,
  insertApiKey,
  ensureApiKey,
  listApiKeys,
  revokeApiKeyById,
  touchApiKey,
  type ApiKeyScope,
} from "@yardstick/db";
import { hmacHex, randomToken } from "../crypto";
import { AppError } from "../errors";

export const API_KEY_PREFIX = "ys_";
const DISPLAY_PREFIX_LENGTH = API_KEY_PREFIX.length + 8;

/** A new secret: recognisable prefix + 256 random bits. */
export function generateApiKeySecret(): string {
  return `${API_KEY_PREFIX}${randomToken(32)}`;
}

function keyRecord(secret: string) {
  return {
    prefix: secret.slice(0, DISPLAY_PREFIX_LENGTH),
    lastFour: secret.slice(-4),
    hash: hmacHex(secret),
  };
}

/** Returns the secret exactly once; only its HMAC is stored. */
export async function createApiKey(input: {
  projectId: string;
  createdById: string | null;
  name: string;
  scopes: ApiKeyScope[];
}) {
  const secret = generateApiKeySecret();
  const key = await insertApiKey({ ...input, ...keyRecord(secret) });
  return { key, secret };
}

/** Idempotent: the demo seed registers a key with a secret chosen by the operator. */
export async function ensureApiKeyWithSecret(input: {
  projectId: string;
  name: string;
  scopes: ApiKeyScope[];
  secret: string;
}) {
  if (!input.secret.startsWith(API_KEY_PREFIX) || input.secret.length < API_KEY_PREFIX.length + 22) {
    throw new AppError(
      "invalid_input",
      `An API key secret must start with "${API_KEY_PREFIX}" and hold at least 128 random bits`,
    );
  }
  return ensureApiKey({
    projectId: input.projectId,
    name: input.name,
    scopes: input.scopes,
    createdById: null,
    ...keyRecord(input.secret),
  });
}

export async function listProjectApiKeys(projectId: string) {
  return listApiKeys(projectId);
}

export async function revokeApiKey(projectId: string, id: string) {
  if (!(await revokeApiKeyById(projectId, id))) {
    throw new AppError("not_found", "API key not found or already revoked");
  }
  keyCacheGeneration++;
  keyLoads.clear(); // a lookup already running may have read the key before the revocation
  for (const [hash, entry] of keyCache) if (entry.key?.id === id) keyCache.delete(hash);
}

// Key lookups are cached briefly so ingest does not pay a database round trip per request.
// Revocation is immediate on this instance and takes at most KEY_CACHE_TTL_MS on others. Past
// KEY_REFRESH_AFTER_MS a hit is still served while one background query refreshes it, so requests
// do not all wait on (and each send) the same lookup when an entry ages out under load.
const KEY_CACHE_TTL_MS = 15_000;
const KEY_REFRESH_AFTER_MS = 10_000;
const KEY_CACHE_MAX = 10_000;
type TCachedKey = { at: number; key: Awaited<ReturnType<typeof findApiKeyByHash>> };
const keyCache = new Map<string, TCachedKey>();
const keyLoads = new Map<string, Promise<TCachedKey["key"]>>();
let keyCacheGeneration = 0; // bumped by a revocation: a lookup started before it stores nothing

function loadKey(hash: string): Promise<TCachedKey["key"]> {
  const running = keyLoads.get(hash);
  if (running) return running;
  const started = Date.now();
  const generation = keyCacheGeneration;
  const p = findApiKeyByHash(hash)
    .then((key) => {
      if (generation === keyCacheGeneration) {
        if (keyCache.size >= KEY_CACHE_MAX) keyCache.clear();
        keyCache.set(hash, { at: started, key });
      }
      return key;
    })
    .finally(() => keyLoads.get(hash) === p && keyLoads.delete(hash));
  keyLoads.set(hash, p);
  return p;
}

async function lookupKey(hash: string) {
  const now = Date.now();
  const hit = keyCache.get(hash);
  if (hit && now - hit.at < KEY_CACHE_TTL_MS) {
    if (now - hit.at >= KEY_REFRESH_AFTER_MS && !keyLoads.has(hash)) {
      loadKey(hash).catch((err: Error) => console.error(`[api-keys] refreshing a key failed: ${err.message}`));
    }
    return hit.key;
  }
  return loadKey(hash);
}

export type TAuthenticatedKey = { id: string; projectId: string; scopes: ApiKeyScope[] };
export type TKeyAuthResult = { ok: true; key: TAuthenticatedKey } | { ok: false; status: 401 | 403; error: string };

const TOUCH_INTERVAL_MS = 60_000; // "last used" is informational: write it at most once a minute

/**
 * The secret from `Authorization: Bearer <secret>`, or, where `basic` is allowed, from HTTP Basic
 * `base64(<public key>:<secret>)` as Langfuse's SDKs send it: the public key is the key's display
 * prefix (`ys_` + 8 characters, the start of the secret), so the pair is checked without storing
 * anything new.
 */
export function secretFromAuthorization(
  authorization: string | null | undefined,
  basic: boolean,
): { ok: true; secret: string } | { ok: false; error: string } {
  const header = (authorization ?? "").trim();
  const missing = basic
    ? "Missing API key: send 'Authorization: Bearer <secret>' or HTTP Basic with public key = the key's prefix (ys_ + 8 characters) and secret key = the full key"
    : "Missing API key: send 'Authorization: Bearer <secret>'";
  const bearer = /^Bearer\s+(\S+)$/i.exec(header);
  if (bearer?.[1]) return { ok: true, secret: bearer[1] };
  const encoded = /^Basic\s+([A-Za-z0-9+/=_-]+)$/i.exec(header)?.[1];
  if (!basic || !encoded) return { ok: false, error: missing };
  const decoded = Buffer.from(encoded, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  const publicKey = colon < 0 ? "" : decoded.slice(0, colon);
  const secret = colon < 0 ? "" : decoded.slice(colon + 1);
  if (!publicKey || !secret) {
    return { ok: false, error: "Invalid HTTP Basic credentials: expected base64('<public key>:<secret key>')" };
  }
  if (publicKey !== secret.slice(0, DISPLAY_PREFIX_LENGTH)) {
    return {
      ok: false,
      error: `Public key does not match the secret key: the public key is the key's prefix, its first ${DISPLAY_PREFIX_LENGTH} characters (ys_ + 8)`,
    };
  }
  return { ok: true, secret };
}

/**
 * Authenticates `Authorization: Bearer <secret>` (and HTTP Basic where `opts.basic`) and checks
 * the scope; both forms get the same key, scopes and revocation checks.
 */
export async function authenticateApiKey(
  authorization: string | null | undefined,
  scope: ApiKeyScope | ApiKeyScope[],
  opts: { basic?: boolean } = {},
): Promise<TKeyAuthResult> {
  const accepted = Array.isArray(scope) ? scope : [scope];
  const parsed = secretFromAuthorization(authorization, opts.basic ?? false);
  if (!parsed.ok) return { ok: false, status: 401, error: parsed.error };
  const secret = parsed.secret;
  if (!secret.startsWith(API_KEY_PREFIX)) return { ok: false, status: 401, error: "Invalid API key" };
  const key = await lookupKey(hmacHex(secret));
  if (!key) return { ok: false, status: 401, error: "Invalid API key" };
  if (key.revokedAt) return { ok: false, status: 401, error: "This API key has been revoked" };
  if (!accepted.some((s) => key.scopes.includes(s))) {
    return { ok: false, status: 403, error: `This API key lacks the '${accepted.join("' or '")}' scope` };
  }
  const now = new Date();
  if (!key.lastUsedAt || now.getTime() - key.lastUsedAt.getTime() > TOUCH_INTERVAL_MS) {
    key.lastUsedAt = now; // also updates the cached record, so the next touch is a minute away
    await touchApiKey(key.id, now);
  }
  return { ok: true, key: { id: key.id, projectId: key.projectId, scopes: key.scopes } };
}
