import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { buildOpenApiDocument } from "@yardstick/api";

// Every public route file is documented in the OpenAPI document, and nothing documented is missing.
const APP = fileURLToPath(new URL("../apps/web/src/app", import.meta.url));

function routeFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return routeFiles(p);
    return name === "route.ts" ? [p] : [];
  });
}

describe("OpenAPI covers the public routes", () => {
  it("documents exactly the route files under /api/public and /api/health", () => {
    const routes = routeFiles(join(APP, "api"))
      .map(
        (f) =>
          "/" +
          relative(APP, f)
            .replace(/\/route\.ts$/, "")
            .replace(/\[(\w+)\]/g, "{$1}"),
      )
      .filter((r) => (r.startsWith("/api/public") && r !== "/api/public/openapi.json") || r === "/api/health");
    expect(Object.keys(buildOpenApiDocument().paths).sort()).toEqual(routes.sort());
  });
});
