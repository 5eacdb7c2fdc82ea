import { MAX_INGEST_BODY_BYTES } from "@yardstick/core/ingest";
import {
  corsPreflight,
  decodeOtlpTraces,
  encodeOtlpResponse,
  ingestOtlpTraces,
  publicRoute,
  readLimited,
} from "@yardstick/api";

export const dynamic = "force-dynamic";

/** OTLP/HTTP trace export (protobuf or JSON, optionally gzip), authenticated by ingest keys. */
export const POST = publicRoute("ingest", async (req, key) => {
  const contentType = req.headers.get("content-type") ?? "";
  const raw = await readLimited(req, MAX_INGEST_BODY_BYTES);
  const otlp = decodeOtlpTraces(raw, contentType, req.headers.get("content-encoding"), MAX_INGEST_BODY_BYTES);
  const { body, contentType: type } = encodeOtlpResponse(await ingestOtlpTraces(key, otlp), contentType);
  return new Response(body as BodyInit, { status: 200, headers: { "content-type": type } });
});

export const OPTIONS = corsPreflight;
