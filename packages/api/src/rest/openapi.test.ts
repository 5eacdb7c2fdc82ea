import { describe, expect, it } from "vitest";
import { ZIngestionEvent } from "@yardstick/contracts/ingest";
import { buildOpenApiDocument } from "./openapi";

describe("OpenAPI document", () => {
  const doc = buildOpenApiDocument();
  it("documents every public route", () => {
    expect(Object.keys(doc.paths).sort()).toEqual(
      [
        "/api/health",
        "/api/public/assignments",
        "/api/public/assignments/config",
        "/api/public/assignments/exposures",
        "/api/public/assignments/preferences",
        "/api/public/datasets/{name}/jsonl",
        "/api/public/experiments",
        "/api/public/experiments/{id}",
        "/api/public/experiments/{id}/compare",
        "/api/public/experiments/{id}/progress",
        "/api/public/ingestion",
        "/api/public/metrics",
        "/api/public/otel/v1/traces",
        "/api/public/project",
        "/api/public/prompts/{name}",
        "/api/public/traces",
        "/api/public/traces/{traceId}",
      ].sort(),
    );
  });

  it("derives the event schema from the zod contract: all eight event types, strict bodies", () => {
    const json = JSON.stringify(doc.paths["/api/public/ingestion"]?.post);
    for (const type of [
      "trace-create",
      "span-create",
      "span-update",
      "generation-create",
      "generation-update",
      "event-create",
      "score-create",
      "feedback-create",
    ]) {
      expect(json).toContain(`"${type}"`);
    }
    expect(json).toContain('"additionalProperties":false');
    // and it agrees with the parser on an example
    expect(
      ZIngestionEvent.safeParse({
        id: "e1",
        timestamp: "2026-01-01T00:00:00Z",
        type: "trace-create",
        body: { name: "x" },
      }).success,
    ).toBe(true);
  });

  it("documents the CLI's routes with their scopes: starting runs and pushing datasets need `run`", () => {
    const scopes = (path: string, method: string) =>
      (doc.paths[path] as Record<string, { "x-scopes": string[] }>)[method]?.["x-scopes"];
    expect(scopes("/api/public/experiments", "post")).toEqual(["run"]);
    expect(scopes("/api/public/datasets/{name}/jsonl", "post")).toEqual(["run"]);
    expect(scopes("/api/public/experiments", "get")).toEqual(["read", "run"]);
    expect(scopes("/api/public/experiments/{id}/compare", "get")).toEqual(["read", "run"]);
    const post = JSON.stringify(doc.paths["/api/public/experiments"]?.post);
    expect(post).toContain('"baseline"');
    expect(post).toContain('"additionalProperties":false');
  });

  it("lists the trace filters as query parameters", () => {
    const get = doc.paths["/api/public/traces"]?.get as { parameters: Array<{ name: string }> };
    const names = get.parameters.map((p) => p.name);
    expect(names).toEqual(
      expect.arrayContaining([
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
        "sort",
        "cursor",
        "limit",
      ]),
    );
  });

  it("types every JSON response body: no bare {type: object} without properties", () => {
    const untyped: string[] = [];
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        const responses = (op as { responses: Record<string, { content?: Record<string, { schema?: unknown }> }> })
          .responses;
        for (const [status, r] of Object.entries(responses)) {
          const s = r.content?.["application/json"]?.schema as
            { type?: string; properties?: unknown; $ref?: string } | undefined;
          if (s && !s.$ref && s.type === "object" && !s.properties) untyped.push(`${method} ${path} ${status}`);
        }
      }
    }
    expect(untyped).toEqual([]);
    const detail = doc.paths["/api/public/traces/{traceId}"]?.get as {
      responses: Record<string, { content: Record<string, { schema: { properties: Record<string, unknown> } }> }>;
    };
    expect(Object.keys(detail.responses["200"]!.content["application/json"]!.schema.properties)).toEqual(
      expect.arrayContaining(["id", "observations", "scores", "feedback", "totalCost"]),
    );
  });

  it("adds the key errors to every keyed route and names the scopes", () => {
    for (const [path, item] of Object.entries(doc.paths)) {
      if (path === "/api/health") continue;
      for (const op of Object.values(item) as Array<{ responses: Record<string, unknown>; "x-scopes": string[] }>) {
        expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(["401", "403", "503"]));
        expect(op["x-scopes"].length).toBeGreaterThan(0);
      }
    }
  });
});
