import { MAX_INGEST_BODY_BYTES } from "@yardstick/core/ingest";
import { corsPreflight, ingestEvents, jsonResponse, publicRoute, readJsonBody } from "@yardstick/api";

export const dynamic = "force-dynamic";

/** Batch ingest: 207 with per-event results (see README "Public API"). */
export const POST = publicRoute(["ingest", "feedback"], async (req, key) => {
  const body = await readJsonBody(req, MAX_INGEST_BODY_BYTES);
  // no-transform: the acknowledgement is small and read by machines; gzipping it costs the ingest
  // path more CPU than it saves bytes (Next's compression honours Cache-Control: no-transform).
  return jsonResponse(207, await ingestEvents(key, body), { "cache-control": "no-store, no-transform" });
});

export const OPTIONS = corsPreflight;
