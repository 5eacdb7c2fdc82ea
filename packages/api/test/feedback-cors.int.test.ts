// CORS for the feedback scope only: the ingestion route (the one route a browser-safe feedback
// key may call) answers preflights and cross-origin requests; a privileged key sent from a
// browser is refused before anything is stored; other routes send no CORS headers.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { corsPreflight, publicRoutes, routeHandler } from "../src/index";
import { BROWSER_ROUTE_PATHS } from "../src/rest/http";
import { publicRoutes as routeList } from "../src/rest/routes";
import { newTenant } from "./helpers";
import { count, ev } from "./ingest-fixtures";

const ingest = routeHandler(publicRoutes.ingestionRoute);
const project = routeHandler(publicRoutes.getProjectRoute);
const postFrom = (origin: string | null, secret: string, batch: unknown[]) =>
  ingest(
    new Request("http://localhost/api/public/ingestion", {
      method: "POST",
      headers: {
        authorization: `Bearer ${secret}`,
        "content-type": "application/json",
        ...(origin && { origin }),
      },
      body: JSON.stringify({ batch }),
    }),
  );

describe("CORS for the feedback scope only", () => {
  let t: Awaited<ReturnType<typeof newTenant>>;
  let ingestKey: string;
  let feedbackKey: string;
  let traceId: string;
  beforeAll(async () => {
    t = await newTenant("cors");
    const key = async (scopes: Array<"ingest" | "feedback" | "read">) =>
      (await t.owner.caller.apiKeys.create({ projectId: t.project.id, name: scopes.join("+"), scopes })).secret;
    ingestKey = await key(["ingest", "read"]);
    feedbackKey = await key(["feedback"]);
    traceId = randomUUID();
    expect((await postFrom(null, ingestKey, [ev("trace-create", { id: traceId, input: "hi" })])).status).toBe(207);
  });

  it("the browser route list is exactly the routes that take the feedback scope", () => {
    const withFeedback = routeList
      .filter((r) => (r.scopes as readonly string[]).includes("feedback"))
      .map((r) => r.path);
    expect(new Set(withFeedback)).toEqual(BROWSER_ROUTE_PATHS);
  });

  it("preflight: allowed on the ingestion route, not elsewhere", () => {
    const pre = corsPreflight(new Request("http://localhost/api/public/ingestion", { method: "OPTIONS" }));
    expect(pre.status).toBe(204);
    expect(pre.headers.get("access-control-allow-origin")).toBe("*");
    expect(pre.headers.get("access-control-allow-headers")).toContain("authorization");
    const other = corsPreflight(new Request("http://localhost/api/public/traces", { method: "OPTIONS" }));
    expect(other.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("a page's feedback key is answered with CORS headers and stored", async () => {
    const res = await postFrom("https://shop.example", feedbackKey, [
      ev("feedback-create", { traceId, thumbs: "down" }),
    ]);
    expect(res.status).toBe(207);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(await count("Feedback", t.project.id)).toBe(1);
  });

  it("an ingest key sent from a browser is a 403 and stores nothing; from a server it works", async () => {
    const before = await count("Feedback", t.project.id);
    const res = await postFrom("https://shop.example", ingestKey, [ev("feedback-create", { traceId, thumbs: "down" })]);
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: string }).error).toMatch(/only the feedback scope/);
    expect(await count("Feedback", t.project.id)).toBe(before);
    const server = await postFrom(null, ingestKey, [ev("feedback-create", { traceId, thumbs: "up" })]);
    expect(server.status).toBe(207);
    expect(await count("Feedback", t.project.id)).toBe(before + 1);
  });

  it("a read route sends no CORS headers", async () => {
    const res = await project(
      new Request("http://localhost/api/public/project", {
        headers: { authorization: `Bearer ${ingestKey}`, origin: "https://shop.example" },
      }),
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
  });
});
