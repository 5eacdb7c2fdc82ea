import { buildOpenApiDocument } from "@yardstick/api";

export const dynamic = "force-static";

/** OpenAPI 3.1 document of the public API, generated from the routes' zod schemas. No key needed. */
export function GET() {
  return Response.json(buildOpenApiDocument());
}
