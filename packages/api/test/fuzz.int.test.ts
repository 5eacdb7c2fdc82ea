import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestEvents, jsonResponse, publicRoute, readJsonBody } from "../src/index";
import { newTenant } from "./helpers";
import { serveRoutes } from "./http-server";

// Malformed bodies, over real HTTP: the answer is always a 2xx or 4xx, never a 5xx.
describe("ingestion fuzz", () => {
  let server: Awaited<ReturnType<typeof serveRoutes>>;
  let secret: string;
  beforeAll(async () => {
    const t = await newTenant("fuzz");
    secret = (await t.owner.caller.apiKeys.create({ projectId: t.project.id, name: "fuzz", scopes: ["ingest"] }))
      .secret;
    server = await serveRoutes({
      "/api/public/ingestion": publicRoute(["ingest", "feedback"], async (req, key) =>
        jsonResponse(207, await ingestEvents(key, await readJsonBody(req, 3_500_000))),
      ),
    });
  });
  afterAll(() => server.close());

  const post = (body: string) =>
    fetch(`${server.url}/api/public/ingestion`, {
      method: "POST",
      headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" },
      body,
    }).then(async (r) => ({ status: r.status, text: await r.text() }));

  const types = fc.constantFrom(
    "trace-create",
    "span-create",
    "span-update",
    "generation-create",
    "generation-update",
    "event-create",
    "score-create",
    "feedback-create",
    "x",
  );
  const anyValue = fc.oneof(
    fc.jsonValue(),
    fc.string(),
    fc.integer(),
    fc.double(),
    fc.constant(null),
    fc.date().map((d) => (isNaN(d.getTime()) ? "bad" : d.toISOString())),
  );
  const event = fc.record(
    {
      id: anyValue,
      timestamp: anyValue,
      type: fc.oneof(types, anyValue),
      body: fc.oneof(
        fc.dictionary(
          fc.constantFrom(
            "id",
            "traceId",
            "name",
            "usage",
            "cost",
            "value",
            "model",
            "startTime",
            "tags",
            "level",
            "thumbs",
            "rating",
            "metadata",
            "input",
            "zzz",
          ),
          anyValue,
        ),
        anyValue,
      ),
    },
    { requiredKeys: [] },
  );

  it("structured garbage: per-event errors, no 5xx", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.record({ batch: fc.array(event, { maxLength: 8 }) }), fc.jsonValue()),
        async (body) => {
          const r = await post(JSON.stringify(body));
          expect(r.status, r.text).toBeLessThan(500);
        },
      ),
      { numRuns: 150, seed: 20261123 },
    );
  });

  it("byte garbage: no 5xx", async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 300 }), async (s) => {
        const r = await post(s);
        expect(r.status, r.text).toBeLessThan(500);
      }),
      { numRuns: 100, seed: 7 },
    );
  });
});
