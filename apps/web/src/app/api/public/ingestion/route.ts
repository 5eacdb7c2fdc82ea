import { MAX_INGEST_BODY_BYTES } from "@yardstick/core/ingest";
import { corsPreflight, ingestEvents, jsonResponse, publicRoute, readJsonBody } from "@yardstick/api";

export const dynamic = "force-dynamic";

/** Batch ingest: 207 with per-event results (see README "Public API"). */
export const POST = publicRoute(["ingest", "feedback"], async (req, key) => {
  const body = await readJsonBody(req, MAX_INGEST_BODY_BYTES);
  return jsonResponse(207, await ingestEvents(key, body));
});

export const OPTIONS = corsPreflight;
