import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@yardstick/db";
import { publicRoutes, routeHandler } from "../src/index";
import { newTenant } from "./helpers";
import { serveRoutes } from "./http-server";

// Malformed and hostile requests, over real HTTP: the answer is always a 2xx or 4xx, never a 5xx.
describe("ingestion fuzz", () => {
  let server: Awaited<ReturnType<typeof serveRoutes>>;
  let secret: string;
  let projectId: string;
  beforeAll(async () => {
    const t = await newTenant("fuzz");
    projectId = t.project.id;
    secret = (
      await t.owner.caller.apiKeys.create({ projectId: t.project.id, name: "fuzz", scopes: ["ingest", "read"] })
    ).secret;
    const traceRoute = routeHandler(publicRoutes.getTraceRoute);
    server = await serveRoutes({
      "/api/public/ingestion": routeHandler(publicRoutes.ingestionRoute),
      "/api/public/otel/v1/traces": routeHandler(publicRoutes.otelTracesRoute),
      "/api/public/traces": routeHandler(publicRoutes.listTracesRoute),
      // Next decodes the [traceId] segment before the route runs (a malformed one is answered by
      // apps/web's proxy, which this server does not have).
      "/api/public/traces/*": (req) =>
        traceRoute(req, {
          params: Promise.resolve({ traceId: decodeURIComponent(new URL(req.url).pathname.split("/").pop()!) }),
        }),
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
  // ---- One hostile value never costs its batch: the bad event gets a 400 naming its field, the
  // valid siblings are stored. The hostile shapes are generated: lone surrogates at random places,
  // dates past Postgres's range, NUL in random envelope fields, random nesting past the limit.

  type TEvent = { id: string; timestamp: string; type: string; body: Record<string, unknown> };
  /** A hostile event (as JSON text: deep nesting is past what JSON.stringify can write) and the path its error must name. */
  type THostile = { json: (id: string, traceId: string) => string; path: string; message: RegExp };

  const key = fc.stringMatching(/^[a-z][a-z0-9_]{0,7}$/);
  const segments = fc.array(fc.oneof(key, fc.nat({ max: 3 })), { maxLength: 4 });
  /** `leaf` at `segs` below a container (arrays padded with valid siblings before it). */
  const place = (segs: (string | number)[], leaf: unknown): unknown =>
    segs.reduceRight<unknown>(
      (inner, seg) => (typeof seg === "number" ? [...Array<string>(seg).fill("ok 😀"), inner] : { [seg]: inner }),
      leaf,
    );
  const loneSurrogate = fc
    .tuple(
      fc.string({ unit: "binary", maxLength: 20 }),
      fc.integer({ min: 0xd800, max: 0xdfff }),
      fc.string({ unit: "binary", maxLength: 20 }),
    )
    // 'binary' strings hold whole pairs only, so this half is alone (and NUL, a class of its own, is left out)
    .map(([a, half, b]) => (a + String.fromCharCode(half) + b).replaceAll("\u0000", ""));
  const withNul = fc
    .tuple(fc.string({ maxLength: 10 }), fc.string({ maxLength: 10 }))
    .map(([a, b]) => `${a}\u0000${b}`);
  const baseEvent = (id: string, traceId: string): TEvent => ({
    id,
    timestamp: new Date().toISOString(),
    type: "trace-create",
    body: { id: traceId, name: "hostile" },
  });
  const json = (build: (e: TEvent) => void) => (id: string, traceId: string) => {
    const e = baseEvent(id, traceId);
    build(e);
    return JSON.stringify(e);
  };

  const surrogateInBody: fc.Arbitrary<THostile> = fc
    .record({
      field: fc.constantFrom("input", "output", "metadata"),
      segs: segments,
      bad: loneSurrogate,
      asKey: fc.boolean(),
    })
    .map(({ field, segs, bad, asKey }) => {
      // metadata is a record: its first level is an object
      const s = field === "metadata" && typeof segs[0] !== "string" ? ["m", ...segs] : segs;
      const leaf = asKey ? { [bad]: 1 } : bad;
      return {
        json: json((e) => (e.body[field] = place(s, leaf))),
        path: ["body", field, ...s].join(".") + (asKey ? "." : ""),
        message: /lone surrogate/,
      };
    });

  const nulInEnvelope: fc.Arbitrary<THostile> = fc
    .record({
      where: fc.constantFrom("id", "type", "timestamp", "metadata-key", "metadata-value"),
      bad: withNul,
      k: key,
    })
    .map(({ where, bad, k }) => ({
      json: json((e) => {
        if (where === "id") e.id = bad;
        else if (where === "type") e.type = `trace-create${bad}`;
        else if (where === "timestamp") e.timestamp = `${e.timestamp}${bad}`;
        else
          (e as Record<string, unknown>).metadata = where === "metadata-key" ? { [`${k}${bad}`]: 1 } : { [k]: [bad] };
      }),
      path: where.startsWith("metadata") ? "metadata." : where,
      message: where === "type" || where === "timestamp" ? /./ : /NUL/,
    }));

  const pad = (n: number) => String(n).padStart(2, "0");
  const hm = (minutes: number) => `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
  // ISO strings the format accepts whose instant is outside years 1-9999 in UTC.
  const outOfRangeDate = fc.oneof(
    fc
      .record({
        mo: fc.integer({ min: 1, max: 12 }),
        d: fc.integer({ min: 1, max: 28 }),
        t: fc.integer({ min: 0, max: 1439 }),
      })
      .map(({ mo, d, t }) => `0000-${pad(mo)}-${pad(d)}T${hm(t)}:00Z`),
    fc
      .integer({ min: 0, max: 1438 })
      .chain((t) => fc.integer({ min: t + 1, max: 1439 }).map((o) => `0001-01-01T${hm(t)}:00+${hm(o)}`)),
    fc
      .integer({ min: 1, max: 1439 })
      .chain((t) => fc.integer({ min: 1440 - t, max: 1439 }).map((o) => `9999-12-31T${hm(t)}:00-${hm(o)}`)),
  );
  const badDate: fc.Arbitrary<THostile> = fc
    .record({ at: fc.constantFrom("timestamp", "body.timestamp"), date: outOfRangeDate })
    .map(({ at, date }) => ({
      json: json((e) => (at === "timestamp" ? (e.timestamp = date) : (e.body.timestamp = date))),
      path: at,
      message: /years 1-9999/,
    }));

  // Containers nested past the limit, written as text (JSON.stringify itself overflows near 5,000).
  const deep: fc.Arbitrary<THostile> = fc
    .record({
      depth: fc.integer({ min: 63, max: 20_000 }),
      kinds: fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }),
      k: key,
    })
    .map(({ depth, kinds, k }) => ({
      json: (id: string, traceId: string) => {
        let open = "";
        let close = "";
        for (let i = 0; i < depth; i++) {
          const array = kinds[i % kinds.length];
          open += array ? "[" : `{"${k}":`;
          close = (array ? "]" : "}") + close;
        }
        return JSON.stringify(baseEvent(id, traceId)).replace(/"name":"hostile"/, `"input":${open}"x"${close}`);
      },
      path: "body.input.",
      message: /nested deeper than 64 levels/,
    }));

  it("a hostile value fails only its own event, naming the field; valid siblings are stored", async () => {
    let round = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(surrogateInBody, nulInEnvelope, badDate, deep),
        fc.integer({ min: 1, max: 5 }),
        fc.nat(),
        async (hostile, siblings, at) => {
          round++;
          const ids = Array.from({ length: siblings }, (_, i) => `hs-${round}-${i}`);
          const pos = at % (siblings + 1);
          const texts = ids.map((id) =>
            JSON.stringify({
              id,
              timestamp: new Date().toISOString(),
              type: "trace-create",
              body: { id, name: "sibling", output: "fine 😀", metadata: { nested: [{ a: 1 }] } },
            }),
          );
          texts.splice(pos, 0, hostile.json(`hs-${round}-bad`, `hs-${round}-bad`));
          const r = await post(`{"batch":[${texts.join(",")}]}`);
          expect(r.status, r.text).toBe(207);
          const body = JSON.parse(r.text) as {
            successes: { id: string; status: number }[];
            errors: { status: number; message: string }[];
          };
          expect(body.successes.map((s) => s.id).sort(), r.text).toEqual([...ids].sort());
          expect(body.successes.every((s) => s.status === 201)).toBe(true);
          expect(body.errors, r.text).toHaveLength(1);
          expect(body.errors[0]!.status).toBe(400);
          expect(body.errors[0]!.message.startsWith(`batch.${pos}.${hostile.path}`), body.errors[0]!.message).toBe(
            true,
          );
          expect(body.errors[0]!.message).toMatch(hostile.message);
          const [stored] = await getDb().$queryRaw<Array<{ n: number; bad: number }>>`
            SELECT count(*) FILTER (WHERE id = ANY(${ids}))::int AS n, count(*) FILTER (WHERE id = ${`hs-${round}-bad`})::int AS bad
              FROM "Trace" WHERE "projectId" = ${projectId}`;
          expect(stored).toEqual({ n: siblings, bad: 0 });
        },
      ),
      { numRuns: 200, seed: 20261206 },
    );
  });

  // ---- OTLP/JSON with nulls and wrong types at random paths: a 400 naming the path, never a 5xx.

  const otlpDoc = (n: number) => ({
    resourceSpans: [
      {
        resource: { attributes: [{ key: "service.name", value: { stringValue: "fuzz" } }] },
        scopeSpans: [
          {
            scope: { name: "fuzz", version: "1" },
            spans: [
              {
                traceId: `${n.toString(16).padStart(8, "0")}${"ab".repeat(12)}`,
                spanId: `${n.toString(16).padStart(8, "0")}cdcdcdcd`,
                name: "chat",
                kind: 3,
                startTimeUnixNano: "1700000000000000000",
                endTimeUnixNano: "1700000000100000000",
                attributes: [
                  { key: "gen_ai.request.model", value: { stringValue: "claude-sonnet-4-6" } },
                  { key: "gen_ai.usage.input_tokens", value: { intValue: "12" } },
                  { key: "gen_ai.request.temperature", value: { doubleValue: 0.2 } },
                  { key: "flag", value: { boolValue: true } },
                  { key: "list", value: { arrayValue: { values: [{ stringValue: "a" }, { intValue: 3 }] } } },
                  { key: "map", value: { kvlistValue: { values: [{ key: "k", value: { bytesValue: "AAE=" } }] } } },
                ],
                status: { code: 2, message: "boom" },
                events: [{ name: "gen_ai.choice", timeUnixNano: "1700000000050000000", attributes: [] }],
              },
            ],
          },
        ],
      },
    ],
  });
  /** Every path into a document (its root excluded). */
  const pathsOf = (v: unknown, at: (string | number)[] = []): (string | number)[][] =>
    v && typeof v === "object"
      ? Object.entries(v).flatMap(([k, x]) => {
          const p = [...at, Array.isArray(v) ? Number(k) : k];
          return [p, ...pathsOf(x, p)];
        })
      : [];
  const setAt = (doc: unknown, path: (string | number)[], value: unknown) => {
    let o = doc as Record<string | number, unknown>;
    for (const k of path.slice(0, -1)) o = o[k] as Record<string | number, unknown>;
    o[path.at(-1)!] = value;
  };
  const nestedKvlist = (depth: number): unknown =>
    depth === 0 ? { stringValue: "leaf" } : { kvlistValue: { values: [{ key: "k", value: nestedKvlist(depth - 1) }] } };

  it("OTLP/JSON with nulls or wrong types at random paths: 200 or a 400 naming the path", async () => {
    const docPaths = pathsOf(otlpDoc(0));
    const wrong = fc.oneof(
      fc.constant(null),
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.string({ maxLength: 8 }),
      fc.constant([]),
      fc.constant({}),
      fc.constant([null]),
      fc.jsonValue({ maxDepth: 2 }),
      fc.integer({ min: 1, max: 300 }).map(nestedKvlist),
    );
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.constantFrom(...docPaths), wrong), { minLength: 1, maxLength: 3 }),
        async (edits) => {
          const doc = otlpDoc(++n);
          for (const [path, value] of edits) {
            try {
              setAt(doc, path, value);
            } catch {
              // an earlier edit replaced a parent of this path
            }
          }
          const r = await fetch(`${server.url}/api/public/otel/v1/traces`, {
            method: "POST",
            headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" },
            body: JSON.stringify(doc),
          });
          const text = await r.text();
          expect([200, 400], text).toContain(r.status);
          if (r.status === 400) expect(text).toMatch(/Invalid OTLP request: resourceSpans[.:]/);
        },
      ),
      { numRuns: 300, seed: 20261207 },
    );
  });

  // ---- Read routes with hostile query strings and path ids: 200, 400 or 404, never a 5xx.

  const percentEncode = (s: string) =>
    [...new TextEncoder().encode(s)].map((b) => `%${b.toString(16).padStart(2, "0").toUpperCase()}`).join("");
  const rawPieces = fc.constantFrom(
    "%00",
    "%E0%A4%A",
    "%",
    "%ZZ",
    "%ED%A0%80",
    "%C0%80",
    "%FF",
    "0000-01-01",
    "99999-01-01T00:00:00Z",
    "1e400",
    "-1",
    "NaN",
    "2147483648",
    ",,,",
    "true",
  );
  const hostileText = fc.oneof(
    rawPieces,
    fc.string({ maxLength: 12 }).map(percentEncode),
    fc.tuple(rawPieces, rawPieces).map(([a, b]) => a + b),
  );

  it("GET /api/public/traces with hostile query strings: never a 5xx", async () => {
    const param = fc.oneof(
      fc.constantFrom(
        "from",
        "to",
        "name",
        "userId",
        "sessionId",
        "tags",
        "model",
        "environment",
        "release",
        "hasError",
        "minLatencyMs",
        "minCost",
        "scoreName",
        "scoreMin",
        "scoreMax",
        "scoreValue",
        "sort",
        "order",
        "limit",
        "cursor",
      ),
      hostileText,
    );
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(param, hostileText), { minLength: 1, maxLength: 4 }), async (pairs) => {
        const qs = pairs.map(([k, v]) => `${k}=${v}`).join("&");
        const r = await fetch(`${server.url}/api/public/traces?${qs}`, {
          headers: { authorization: `Bearer ${secret}` },
        });
        const text = await r.text();
        expect([200, 400], `${qs} → ${text}`).toContain(r.status);
      }),
      { numRuns: 300, seed: 20261208 },
    );
  });

  it("GET /api/public/traces/{id} with hostile ids: 400 or 404, never a 5xx", async () => {
    const id = fc.oneof(
      fc.string({ unit: "binary", minLength: 1, maxLength: 30 }),
      withNul,
      loneSurrogate,
      fc.string({ minLength: 199, maxLength: 260 }),
    );
    await fc.assert(
      fc.asyncProperty(id, async (traceId) => {
        const r = await fetch(`${server.url}/api/public/traces/${percentEncode(traceId)}`, {
          headers: { authorization: `Bearer ${secret}` },
        });
        expect([400, 404], await r.text()).toContain(r.status);
      }),
      { numRuns: 200, seed: 20261209 },
    );
  });
});
