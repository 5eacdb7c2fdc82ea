import { context, propagation, trace } from "@opentelemetry/api";
import { getDb } from "@yardstick/db";
import { startFakeAnthropic } from "@yardstick/llm/testing";
import { publicRoutes, routeHandler } from "../../src/index";
import { newTenant } from "../helpers";
import { serveRoutes } from "../http-server";
import { SCENARIO, type TRunInput } from "./scenario";

/**
 * Runs one instrumentation, unchanged, against the real OTLP and ingestion routes over HTTP (a
 * fresh tenant and `ingest` key) and the fake Messages API; returns the project's stored trace
 * and its observations.
 */
export async function runAgainstYardstick(run: (input: TRunInput) => Promise<void>) {
  const t = await newTenant("instrumentation");
  const { secret } = await t.owner.caller.apiKeys.create({ projectId: t.project.id, name: "otel", scopes: ["ingest"] });
  const server = await serveRoutes({
    "/api/public/otel/v1/traces": routeHandler(publicRoutes.otelTracesRoute),
    "/api/public/ingestion": routeHandler(publicRoutes.ingestionRoute),
  });
  const fake = await startFakeAnthropic();
  fake.setHandler(() => ({ type: "text", text: SCENARIO.answer }));
  try {
    await run({ anthropicUrl: fake.url, endpoint: { origin: server.url, secret } });
  } finally {
    // the instrumentations register global providers: leave none behind for the next file
    trace.disable();
    context.disable();
    propagation.disable();
    await fake.close();
    await server.close();
  }
  const traces = await getDb().$queryRaw<Array<Record<string, unknown>>>`
    SELECT id, name, "userId", "sessionId", tags, input, output, "observationCount", "inputTokens", "outputTokens", "totalCost", models
      FROM "Trace" WHERE "projectId" = ${t.project.id}`;
  const observations = await getDb().$queryRaw<Array<Record<string, unknown>>>`
    SELECT id, type, name, model, input, output, "inputTokens", "outputTokens", "totalCost", "costSource",
           "promptName", "promptVersion", metadata, "parentObservationId"
      FROM "Observation" WHERE "projectId" = ${t.project.id} ORDER BY "startTime"`;
  return { traces, observations, generations: observations.filter((o) => o.type === "GENERATION") };
}

/** Sonnet 4.6 list price: $3 / M input, $15 / M output; the fake counts 15 in, 6 out for the scenario. */
export const EXPECTED = { inputTokens: 15, outputTokens: 6, cost: 15 * 3e-6 + 6 * 15e-6 };
