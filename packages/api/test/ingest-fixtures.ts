// Shared by the ingestion integration tests: the route as the Next handler exports it, an event
// builder and a row counter.
import { randomUUID } from "node:crypto";
import { getDb } from "@yardstick/db";
import { publicRoutes, routeHandler } from "../src/index";

// The same handler the Next route exports, driven with real Request/Response objects.
const route = routeHandler(publicRoutes.ingestionRoute);
export const post = (secret: string, body: unknown) =>
  route(
    new Request("http://localhost/api/public/ingestion", {
      method: "POST",
      headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" },
      body: typeof body === "string" ? body : JSON.stringify(body),
    }),
  );

export const now = () => new Date().toISOString();
export const ev = (type: string, body: Record<string, unknown>, id: string = randomUUID(), timestamp = now()) => ({
  id,
  type,
  timestamp,
  body,
});

export async function count(table: string, projectId: string) {
  const rows = await getDb().$queryRawUnsafe<Array<{ n: bigint }>>(
    `SELECT count(*)::bigint AS n FROM "${table}" WHERE "projectId" = $1`,
    projectId,
  );
  return Number(rows[0]!.n);
}
