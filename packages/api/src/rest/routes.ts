import { z } from "zod";
import {
  MAX_INGEST_BATCH_EVENTS,
  MAX_INGEST_BODY_BYTES,
  ZIngestionEvent,
  ZIngestionRequest,
  ZIngestionResponse,
} from "@yardstick/contracts/ingest";
import { ZExperimentArtifact, ZExperimentIdParam } from "@yardstick/contracts/experiments";
import { ZPromptNameParam, ZPublicPrompt, ZPublicPromptQuery } from "@yardstick/contracts/prompts";
import { API_KEY_SCOPES } from "@yardstick/contracts/roles";
import { ZTraceDetail, ZTraceIdParam, ZTraceListResponse, ZTraceSearchQuery } from "@yardstick/contracts/traces";
import { inngest, onlineTracesEnded } from "@yardstick/jobs";
import { ingestEvents } from "@yardstick/server/services/ingestion";
import { projectHasEnabledOnlineRules } from "@yardstick/server/services/online-evals";
import { decodeOtlpTraces, encodeOtlpResponse, ingestOtlpTraces } from "@yardstick/server/services/otel-ingest";
import { experimentArtifact } from "@yardstick/server/services/experiments";
import { getProject } from "@yardstick/server/services/projects";
import { getPublicPrompt } from "@yardstick/server/services/prompts";
import { getTraceDetail, searchTraces } from "@yardstick/server/services/traces";
import { renderProjectMetrics, ZMetricsQuery } from "@yardstick/server/services/dashboard-metrics";
import { defineRoute } from "./define-route";
import {
  compareRunRoute,
  listRunsRoute,
  pullDatasetRoute,
  pushDatasetRoute,
  runProgressRoute,
  startRunRoute,
} from "./run-routes";

import { assignRoute, experimentConfigRoute, exposuresRoute, preferenceRoute } from "./online-routes";

export { compareRunRoute, listRunsRoute, pullDatasetRoute, pushDatasetRoute, runProgressRoute, startRunRoute };
export { assignRoute, experimentConfigRoute, exposuresRoute, preferenceRoute };

// Every /api/public route, defined once: the Next route files mount these, openapi.ts documents them.

const PROMPT_CACHE_CONTROL = "private, max-age=30, stale-while-revalidate=300";
const OTLP_TYPES = ["application/x-protobuf", "application/protobuf", "application/json"];

function etagMatches(header: string | null, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === "*") return true;
  return header.split(",").some((t) => t.trim().replace(/^W\//, "") === etag);
}

/**
 * End markers wake the online evaluators. Fire and forget: the ingest answer never waits for the
 * job server, and a lost event only delays judging until the idle-timeout scan finds the trace.
 */
function notifyTracesEnded(projectId: string, traceIds: string[]): Promise<void> {
  void (async () => {
    if (!(await projectHasEnabledOnlineRules(projectId))) return;
    for (let i = 0; i < traceIds.length; i += 1000)
      await inngest.send(onlineTracesEnded.create({ projectId, traceIds: traceIds.slice(i, i + 1000) }));
  })().catch((e: unknown) => console.warn("online evaluators: end-marker event not sent", (e as Error).message));
  return Promise.resolve();
}

export const ingestionRoute = defineRoute({
  method: "POST",
  path: "/api/public/ingestion",
  summary: "Ingest a batch of events",
  description:
    `Up to ${MAX_INGEST_BATCH_EVENTS} events, ${MAX_INGEST_BODY_BYTES} bytes. Each event is validated on its own; ` +
    "the answer is 207 with per-event results (201 stored, 200 already stored — the event id makes retries idempotent). " +
    "Acknowledged events are durably stored. Scopes: `ingest`, or `feedback` (browser-safe: feedback-create and " +
    "score-create for existing traces only).",
  scopes: ["ingest", "feedback"],
  basicAuth: true,
  body: {
    kind: "json",
    schema: ZIngestionRequest,
    maxBytes: MAX_INGEST_BODY_BYTES,
    validate: false,
    documented: ZIngestionRequest.extend({ batch: z.array(ZIngestionEvent).min(1).max(MAX_INGEST_BATCH_EVENTS) }),
  },
  response: { status: 207, description: "Per-event results", schema: ZIngestionResponse },
  errors: [400, 413],
  // no-transform: the acknowledgement is small and read by machines; gzipping it costs the ingest
  // path more CPU than it saves bytes (Next's compression honours Cache-Control: no-transform).
  handler: async ({ key, body }) => ({
    body: await ingestEvents(key, body, { onTracesEnded: (traceIds) => notifyTracesEnded(key.projectId, traceIds) }),
    headers: { "cache-control": "no-store, no-transform" },
  }),
});

export const otelTracesRoute = defineRoute({
  method: "POST",
  path: "/api/public/otel/v1/traces",
  summary: "OTLP/HTTP trace export",
  description:
    "OpenTelemetry ExportTraceServiceRequest as application/x-protobuf or application/json, optionally Content-Encoding: gzip. " +
    "LLM calls become generations, read through the Langfuse, OpenInference, Vercel AI SDK, OpenLLMetry and GenAI (gen_ai.*) " +
    "attribute conventions; other spans become spans; resource attributes become trace metadata. Needs the `ingest` scope; " +
    "accepts Bearer or HTTP Basic (public key = the key's first 11 characters, secret key = the key).",
  scopes: ["ingest"],
  basicAuth: true,
  body: { kind: "raw", contentTypes: OTLP_TYPES, maxBytes: MAX_INGEST_BODY_BYTES },
  response: {
    status: 200,
    description: "ExportTraceServiceResponse (partialSuccess when spans were rejected), in the request's encoding",
    contentTypes: ["application/x-protobuf", "application/json"],
  },
  errors: [400, 413, 415],
  handler: async ({ req, key, body }) => {
    const contentType = req.headers.get("content-type") ?? "";
    const otlp = decodeOtlpTraces(
      body as unknown as Uint8Array,
      contentType,
      req.headers.get("content-encoding"),
      MAX_INGEST_BODY_BYTES,
    );
    const encoded = encodeOtlpResponse(await ingestOtlpTraces(key, otlp), contentType);
    return new Response(encoded.body as BodyInit, { status: 200, headers: { "content-type": encoded.contentType } });
  },
});

export const listTracesRoute = defineRoute({
  method: "GET",
  path: "/api/public/traces",
  summary: "List traces",
  description: "The explorer's filters; keyset pagination: pass `nextCursor` back as `cursor`. Needs the `read` scope.",
  scopes: ["read"],
  query: ZTraceSearchQuery,
  response: { status: 200, description: "A page of traces", schema: ZTraceListResponse },
  errors: [400],
  handler: async ({ key, query }) => ({ body: await searchTraces(key.projectId, query.filter, query.list) }),
});

export const getTraceRoute = defineRoute({
  method: "GET",
  path: "/api/public/traces/{traceId}",
  summary: "Get a trace with its observations, scores and feedback",
  scopes: ["read"],
  params: z.object({ traceId: ZTraceIdParam }),
  response: { status: 200, description: "The trace", schema: ZTraceDetail },
  errors: [400, 404],
  handler: async ({ key, params }) => ({ body: await getTraceDetail(key.projectId, params.traceId) }),
});

export const getPromptRoute = defineRoute({
  method: "GET",
  path: "/api/public/prompts/{name}",
  summary: "A prompt version for applications",
  description:
    "By label (default `production`; `latest` = newest version) or `version=N` (not both). Strong ETag; send If-None-Match for 304. " +
    `Cache-Control: ${PROMPT_CACHE_CONTROL}. Needs \`read\` or \`run\`.`,
  scopes: ["read", "run"],
  params: z.object({ name: ZPromptNameParam }),
  query: ZPublicPromptQuery,
  response: { status: 200, description: "The prompt version", schema: ZPublicPrompt },
  otherResponses: { 304: "Not modified (If-None-Match matched the ETag)" },
  errors: [400, 404],
  handler: async ({ req, key, params, query }) => {
    const { prompt, etag } = await getPublicPrompt(key.projectId, params.name, query);
    const headers = { etag, "cache-control": PROMPT_CACHE_CONTROL, vary: "authorization" };
    if (etagMatches(req.headers.get("if-none-match"), etag)) return { status: 304, headers };
    return { body: prompt, headers };
  },
});

export const ZProjectResponse = z.object({
  project: z.object({ id: z.string(), name: z.string() }),
  scopes: z.array(z.enum(API_KEY_SCOPES)),
});

export const getProjectRoute = defineRoute({
  method: "GET",
  path: "/api/public/project",
  summary: "The key's project and scopes",
  description: "Lets an SDK or the CLI check its configuration. Needs `read` or `run`.",
  scopes: ["read", "run"],
  response: { status: 200, description: "Project", schema: ZProjectResponse },
  handler: async ({ key }) => {
    const project = await getProject(key.projectId);
    return { body: { project: { id: project.id, name: project.name }, scopes: key.scopes } };
  },
});

export const getExperimentRoute = defineRoute({
  method: "GET",
  path: "/api/public/experiments/{id}",
  summary: "An experiment run's artifact",
  description:
    "The run as one JSON document: dataset version, prompt versions and models, git commit, graders with their thresholds, " +
    "aggregates per arm and partition, gates, the PASS/FAIL verdict with its reasons, duration and cost. `verdict` is null " +
    "until the run has finished. Needs `read` or `run`.",
  scopes: ["read", "run"],
  params: z.object({ id: ZExperimentIdParam }),
  response: { status: 200, description: "The artifact", schema: ZExperimentArtifact },
  errors: [400, 404],
  handler: async ({ key, params }) => ({
    body: await experimentArtifact(key.projectId, params.id),
    headers: { "cache-control": "no-store" },
  }),
});

export const metricsRoute = defineRoute({
  method: "GET",
  path: "/api/public/metrics",
  summary: "Project metrics for Prometheus",
  description:
    "The dashboard's numbers in Prometheus text format 0.0.4: all-time counters of traces, generations, errors, cost, " +
    "tokens, feedback and scores by model / environment / release, and latency quantiles over a trailing `window` " +
    "(5m, 15m, 1h, 24h; hour-aligned). Needs the `read` scope; scrape it with a bearer token.",
  scopes: ["read"],
  query: ZMetricsQuery,
  response: { status: 200, description: "Prometheus exposition", contentTypes: ["text/plain; version=0.0.4"] },
  errors: [400],
  handler: async ({ key, query }) =>
    new Response(await renderProjectMetrics(key.projectId, query), {
      status: 200,
      headers: { "content-type": "text/plain; version=0.0.4; charset=utf-8", "cache-control": "no-store" },
    }),
});

export const publicRoutes = [
  ingestionRoute,
  otelTracesRoute,
  listTracesRoute,
  getTraceRoute,
  getPromptRoute,
  getProjectRoute,
  getExperimentRoute,
  startRunRoute,
  listRunsRoute,
  runProgressRoute,
  compareRunRoute,
  pullDatasetRoute,
  pushDatasetRoute,
  metricsRoute,
  assignRoute,
  experimentConfigRoute,
  exposuresRoute,
  preferenceRoute,
] as const;
