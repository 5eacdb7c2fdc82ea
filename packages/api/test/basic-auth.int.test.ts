import { beforeAll, describe, expect, it } from "vitest";
import { publicRoutes, routeHandler } from "../src/index";
import { newTenant } from "./helpers";

// Langfuse's SDKs authenticate with HTTP Basic base64(publicKey:secretKey): a Yardstick key is
// that pair as (its prefix, itself), on the ingestion and OTLP routes, with the same scopes.

const basic = (user: string, pass: string) => `Basic ${Buffer.from(`${user}:${pass}`).toString("base64")}`;
const otlp = routeHandler(publicRoutes.otelTracesRoute);
const ingestion = routeHandler(publicRoutes.ingestionRoute);
const listTraces = routeHandler(publicRoutes.listTracesRoute);

const post = (handler: (r: Request) => Promise<Response>, path: string, authorization: string, body: unknown) =>
  handler(
    new Request(`http://localhost${path}`, {
      method: "POST",
      headers: { authorization, "content-type": "application/json" },
      body: JSON.stringify(body),
    }),
  );

describe("HTTP Basic on the ingestion and OTLP routes", () => {
  let ingestKey: string;
  let readKey: string;
  beforeAll(async () => {
    const t = await newTenant("basic");
    const create = (scopes: Array<"ingest" | "read">) =>
      t.owner.caller.apiKeys.create({ projectId: t.project.id, name: scopes.join(","), scopes });
    ingestKey = (await create(["ingest"])).secret;
    readKey = (await create(["read"])).secret;
  });

  it("public key = the key's prefix, secret key = the key: accepted on both routes", async () => {
    const auth = basic(ingestKey.slice(0, 11), ingestKey);
    const traceId = "0af7651916cd43dd8448eb211c8031aa";
    expect((await post(otlp, "/api/public/otel/v1/traces", auth, { resourceSpans: [] })).status).toBe(200);
    const res = await post(ingestion, "/api/public/ingestion", auth, {
      batch: [{ id: "e1", timestamp: new Date().toISOString(), type: "trace-create", body: { id: traceId } }],
    });
    expect(res.status).toBe(207);
    expect((await res.json()).successes).toHaveLength(1);
  });

  it("a wrong pair, a malformed header or an unknown key is 401 with a message saying what to send", async () => {
    const cases: Array<[string, RegExp]> = [
      [basic("pk-lf-1234", ingestKey), /Public key does not match the secret key.*prefix/],
      [basic(ingestKey.slice(0, 11), ""), /Invalid HTTP Basic credentials/],
      [`Basic ${Buffer.from("no-colon").toString("base64")}`, /Invalid HTTP Basic credentials/],
      [basic("ys_00000000", "ys_00000000nope"), /Invalid API key/],
      ["Basic !!!", /Missing API key.*HTTP Basic/],
      ["", /Missing API key/],
    ];
    for (const [auth, message] of cases) {
      const res = await post(otlp, "/api/public/otel/v1/traces", auth, { resourceSpans: [] });
      expect(res.status, auth).toBe(401);
      expect((await res.json()).error).toMatch(message);
    }
  });

  it("scopes apply as for Bearer; other routes keep Bearer only", async () => {
    const res = await post(otlp, "/api/public/otel/v1/traces", basic(readKey.slice(0, 11), readKey), {});
    expect(res.status).toBe(403);
    const list = await listTraces(
      new Request("http://localhost/api/public/traces", {
        headers: { authorization: basic(readKey.slice(0, 11), readKey) },
      }),
    );
    expect(list.status).toBe(401);
    const bearer = await listTraces(
      new Request("http://localhost/api/public/traces", { headers: { authorization: `Bearer ${readKey}` } }),
    );
    expect(bearer.status).toBe(200);
  });
});
