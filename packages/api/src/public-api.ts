import type { ApiKeyScope } from "@yardstick/db";
import { authenticateApiKey, type TAuthenticatedKey } from "./services/api-keys";

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", ...headers },
  });
}

/**
 * The one helper every /api/public route goes through: authenticate the key, check its scope,
 * then call the handler. Errors are JSON `{ error }`; unexpected failures never leak internals.
 */
export function publicRoute(
  scope: ApiKeyScope,
  handler: (req: Request, key: TAuthenticatedKey) => Promise<Response>,
): (req: Request) => Promise<Response> {
  return async (req) => {
    let auth;
    try {
      auth = await authenticateApiKey(req.headers.get("authorization"), scope);
    } catch (err) {
      console.error("public api: key lookup failed", err);
      return jsonResponse(503, { error: "Service unavailable, retry later" }, { "retry-after": "5" });
    }
    if (!auth.ok) return jsonResponse(auth.status, { error: auth.error });
    try {
      return await handler(req, auth.key);
    } catch (err) {
      console.error("public api: handler failed", err);
      return jsonResponse(500, { error: "Internal server error" });
    }
  };
}
