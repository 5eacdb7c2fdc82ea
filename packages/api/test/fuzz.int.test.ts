import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { publicRoutes, routeHandler } from "../src/index";
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
      "/api/public/ingestion": routeHandler(publicRoutes.ingestionRoute),
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

  // Valid shapes with values at and past the columns' limits: 32-bit token counts and versions,
  // timestamps from year 1 to 9999 (century-long spans), costs up to the schema's cap.
  it("well-formed events with extreme numbers and dates: no 5xx", async () => {
    const count = fc.oneof(fc.nat(), fc.constant(2 ** 31 - 1), fc.constant(2 ** 31), fc.maxSafeNat());
    const time = fc
      .date({ min: new Date("0001-01-01T00:00:00Z"), max: new Date("9999-12-31T23:59:59Z"), noInvalidDate: true })
      .map((d) => d.toISOString());
    const generation = fc.record(
      {
        startTime: time,
        endTime: time,
        model: fc.constantFrom("gpt-4o-mini", "claude-sonnet-4-6", "unknown-model"),
        usage: fc.record({ input: count, output: count, cacheRead: count, cacheWrite: count, total: count }),
        cost: fc.record({ total: fc.double({ min: 0, max: 1e9, noNaN: true }) }),
        promptName: fc.constant("p"),
        promptVersion: fc.oneof(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.maxSafeNat()),
      },
      { requiredKeys: [] },
    );
    let round = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(generation, { minLength: 1, maxLength: 12 }), async (bodies) => {
        round++;
        const batch = bodies.map((body, i) => ({
          id: `x-${round}-${i}`,
          timestamp: new Date().toISOString(),
          type: i % 4 === 3 ? "span-create" : "generation-create",
          body:
            i % 4 === 3
              ? { traceId: `extreme-${round}-${i % 2}`, startTime: body.startTime, endTime: body.endTime }
              : { ...body, traceId: `extreme-${round}-${i % 2}` },
        }));
        const r = await post(JSON.stringify({ batch }));
        expect(r.status, r.text).toBeLessThan(500);
      }),
      { numRuns: 60, seed: 20261203 },
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
