import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { context, trace as otelTrace, SpanStatusCode } from "@opentelemetry/api";
import { BasicTracerProvider, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { OTLPTraceExporter as HttpJsonExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { OTLPTraceExporter as ProtoExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { getDb } from "@yardstick/db";
import { publicRoutes, routeHandler } from "../src/index";
import { newTenant } from "./helpers";
import { serveRoutes } from "./http-server";

const otelRoute = routeHandler(publicRoutes.otelTracesRoute);

describe("OTLP/HTTP export with the official OpenTelemetry exporters, unchanged", () => {
  let server: Awaited<ReturnType<typeof serveRoutes>>;
  let t: Awaited<ReturnType<typeof newTenant>>;
  let secret: string;
  beforeAll(async () => {
    server = await serveRoutes({ "/api/public/otel/v1/traces": otelRoute });
    t = await newTenant("otel");
    secret = (await t.owner.caller.apiKeys.create({ projectId: t.project.id, name: "otel", scopes: ["ingest"] }))
      .secret;
  });
  afterAll(() => server.close());

  const cases = [
    ["http/json", (url: string, headers: Record<string, string>) => new HttpJsonExporter({ url, headers })],
    ["http/protobuf", (url: string, headers: Record<string, string>) => new ProtoExporter({ url, headers })],
    [
      "http/protobuf + gzip",
      (url: string, headers: Record<string, string>) =>
        new ProtoExporter({ url, headers, compression: "gzip" as never }),
    ],
  ] as const;

  for (const [label, makeExporter] of cases) {
    it(`${label}: GenAI spans become generations, others spans, resource → trace metadata`, async () => {
      const exporter = makeExporter(`${server.url}/api/public/otel/v1/traces`, { Authorization: `Bearer ${secret}` });
      const provider = new BasicTracerProvider({
        resource: resourceFromAttributes({
          "service.name": "support-bot",
          "service.version": "1.4.2",
          "deployment.environment.name": "staging",
        }),
        spanProcessors: [new SimpleSpanProcessor(exporter)],
      });
      const tracer = provider.getTracer("yardstick-test");
      let traceId = "";
      await tracer.startActiveSpan(
        "handle-request",
        { attributes: { "user.id": "u-42", "session.id": "s-7" } },
        async (root) => {
          traceId = root.spanContext().traceId;
          // explicit parent: no global context manager is registered in this test process
          const parent = otelTrace.setSpan(context.active(), root);
          const gen = tracer.startSpan(
            "chat claude-sonnet-4-6",
            {
              attributes: {
                "gen_ai.operation.name": "chat",
                "gen_ai.system": "anthropic",
                "gen_ai.request.model": "claude-sonnet-4-6",
                "gen_ai.response.model": "claude-sonnet-4-6-20260217",
                "gen_ai.request.temperature": 0.2,
                "gen_ai.request.max_tokens": 512,
                "gen_ai.usage.input_tokens": 1200,
                "gen_ai.usage.output_tokens": 300,
                "gen_ai.input.messages": JSON.stringify([
                  { role: "user", parts: [{ type: "text", content: "Where is my order?" }] },
                ]),
                "gen_ai.output.messages": JSON.stringify([
                  { role: "assistant", parts: [{ type: "text", content: "It ships today." }] },
                ]),
              },
            },
            parent,
          );
          gen.end();
          const db = tracer.startSpan("db.query", { attributes: { "db.system": "postgresql" } }, parent);
          db.setStatus({ code: SpanStatusCode.ERROR, message: "timeout" });
          db.end();
          root.end();
        },
      );
      await provider.forceFlush();
      await provider.shutdown();

      const [trace] = await getDb().$queryRaw<Array<Record<string, unknown>>>`
        SELECT name, "userId", "sessionId", release, environment, metadata, "observationCount", "hasError", models, "totalCost"
          FROM "Trace" WHERE "projectId" = ${t.project.id} AND id = ${traceId}`;
      expect(trace).toMatchObject({
        name: "handle-request",
        userId: "u-42",
        sessionId: "s-7",
        release: "1.4.2",
        environment: "staging",
        observationCount: 3,
        hasError: true,
        models: ["claude-sonnet-4-6-20260217"],
      });
      expect((trace!.metadata as { resource: Record<string, unknown> }).resource["service.name"]).toBe("support-bot");
      // 1200 × $3/M + 300 × $15/M
      expect(trace!.totalCost as number).toBeCloseTo(0.0081, 12);
      const obs = await getDb().$queryRaw<Array<Record<string, unknown>>>`
        SELECT type, name, model, "modelParameters", input, output, "inputTokens", "outputTokens", level, "statusMessage", "parentObservationId"
          FROM "Observation" WHERE "projectId" = ${t.project.id} AND "traceId" = ${traceId} ORDER BY name`;
      const byName = Object.fromEntries(obs.map((o) => [o.name, o]));
      expect(byName["chat claude-sonnet-4-6"]).toMatchObject({
        type: "GENERATION",
        model: "claude-sonnet-4-6-20260217",
        modelParameters: { temperature: 0.2, max_tokens: 512 },
        inputTokens: 1200,
        outputTokens: 300,
        input: [{ role: "user", parts: [{ type: "text", content: "Where is my order?" }] }],
      });
      expect(byName["db.query"]).toMatchObject({ type: "SPAN", level: "ERROR", statusMessage: "timeout" });
      expect(byName["handle-request"]).toMatchObject({ type: "SPAN", parentObservationId: null });
      expect(byName["db.query"]!.parentObservationId).toBeTruthy();
    });
  }

  it("re-exporting the same spans stores nothing twice; a bad key is 401; a bad body is 400", async () => {
    const before = await getDb().$queryRaw<
      Array<{ n: bigint }>
    >`SELECT count(*)::bigint AS n FROM "Observation" WHERE "projectId" = ${t.project.id}`;
    const body = JSON.stringify({
      resourceSpans: [
        {
          resource: { attributes: [] },
          scopeSpans: [
            {
              spans: [
                {
                  traceId: "0af7651916cd43dd8448eb211c80319c",
                  spanId: "b7ad6b7169203331",
                  name: "x",
                  startTimeUnixNano: "1700000000000000000",
                  endTimeUnixNano: "1700000000100000000",
                },
              ],
            },
          ],
        },
      ],
    });
    const send = (auth: string, b = body) =>
      fetch(`${server.url}/api/public/otel/v1/traces`, {
        method: "POST",
        headers: { authorization: auth, "content-type": "application/json" },
        body: b,
      });
    expect((await send(`Bearer ${secret}`)).status).toBe(200);
    expect((await send(`Bearer ${secret}`)).status).toBe(200);
    const after = await getDb().$queryRaw<
      Array<{ n: bigint }>
    >`SELECT count(*)::bigint AS n FROM "Observation" WHERE "projectId" = ${t.project.id}`;
    expect(Number(after[0]!.n)).toBe(Number(before[0]!.n) + 1);
    expect((await send("Bearer ys_nope")).status).toBe(401);
    expect((await send(`Bearer ${secret}`, "{oops")).status).toBe(400);
    const wrongType = await fetch(`${server.url}/api/public/otel/v1/traces`, {
      method: "POST",
      headers: { authorization: `Bearer ${secret}`, "content-type": "text/plain" },
      body: "x",
    });
    expect(wrongType.status).toBe(415);
  });
  it("nulls and wrong types where OTLP has arrays, objects, numbers or ids are a 400 naming the path", async () => {
    const span = (extra: Record<string, unknown>) => ({
      traceId: "0af7651916cd43dd8448eb211c80319d",
      spanId: "b7ad6b7169203332",
      name: "x",
      startTimeUnixNano: "1700000000000000000",
      ...extra,
    });
    const doc = (spans: unknown, scope: Record<string, unknown> = {}) => ({
      resourceSpans: [{ resource: { attributes: [] }, scopeSpans: [{ ...scope, spans }] }],
    });
    let deep: unknown = { stringValue: "leaf" };
    for (let i = 0; i < 300; i++) deep = { arrayValue: { values: [deep] } };
    const cases: Array<[unknown, RegExp]> = [
      [{ resourceSpans: [{ scopeSpans: null }] }, /resourceSpans\.0\.scopeSpans: /],
      [doc(5), /resourceSpans\.0\.scopeSpans\.0\.spans: /],
      [doc([null]), /spans\.0: /],
      [doc([span({ attributes: {} })]), /spans\.0\.attributes: /],
      [doc([span({ attributes: [null] })]), /spans\.0\.attributes\.0: /],
      [doc([span({ attributes: [{ key: "k", value: null }] })]), /spans\.0\.attributes\.0\.value: must be an AnyValue/],
      [
        doc([span({ attributes: [{ key: "k", value: { arrayValue: { values: {} } } }] })]),
        /attributes\.0\.value\.arrayValue\.values: must be an array/,
      ],
      [
        doc([span({ attributes: [{ key: "k", value: { intValue: "12abc" } }] })]),
        /attributes\.0\.value\.intValue: must be an integer/,
      ],
      [
        doc([span({ attributes: [{ key: "k", value: { kvlistValue: { values: [{ value: {} }] } } }] })]),
        /kvlistValue\.values\.0\.key: must be a string/,
      ],
      [
        doc([span({ attributes: [{ key: "k", value: deep }] })]),
        /attributes\.0\.value(\.arrayValue\.values\.0)+: nested deeper than 64 levels/,
      ],
      [doc([span({ startTimeUnixNano: "soon" })]), /spans\.0\.startTimeUnixNano: /],
      [doc([span({ endTimeUnixNano: 1.5 })]), /spans\.0\.endTimeUnixNano: /],
      [doc([span({ events: [{ name: "e", timeUnixNano: -1 }] })]), /spans\.0\.events\.0\.timeUnixNano: /],
      [doc([span({ status: [] })]), /spans\.0\.status: /],
      [doc([span({ kind: "server" })]), /spans\.0\.kind: /],
      [doc([span({ traceId: null })]), /spans\.0\.traceId: /],
      [doc([span({ spanId: "" })]), /spans\.0\.spanId: every span needs an id/],
      [doc([span({})], { scope: "s" }), /scopeSpans\.0\.scope: /],
    ];
    for (const [body, message] of cases) {
      const res = await fetch(`${server.url}/api/public/otel/v1/traces`, {
        method: "POST",
        headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      const text = await res.text();
      expect(res.status, text).toBe(400);
      expect(JSON.parse(text).error).toMatch(message);
    }
  });
});
