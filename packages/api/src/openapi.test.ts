import { describe, expect, it } from "vitest";
import { ZIngestionEvent } from "@yardstick/core/ingest";
import { buildOpenApiDocument } from "./openapi";

describe("OpenAPI document", () => {
  const doc = buildOpenApiDocument();
  it("documents every public route", () => {
    expect(Object.keys(doc.paths).sort()).toEqual(
      [
        "/api/health",
        "/api/public/ingestion",
        "/api/public/otel/v1/traces",
        "/api/public/project",
        "/api/public/prompts/{name}",
        "/api/public/traces",
        "/api/public/traces/{traceId}",
      ].sort(),
    );
  });

  it("derives the event schema from the zod contract: all eight event types, strict bodies", () => {
    const json = JSON.stringify(doc.components.schemas.IngestionEvent);
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

  it("lists the trace filters as query parameters", () => {
    const names = (doc.paths["/api/public/traces"].get.parameters as Array<{ name: string }>).map((p) => p.name);
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
});
