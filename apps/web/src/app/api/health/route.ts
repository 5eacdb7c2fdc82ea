import { pingDatabase } from "@yardstick/api";

export const dynamic = "force-dynamic";

export async function GET() {
  const ok = await pingDatabase();
  return Response.json(ok ? { status: "ok", db: "ok" } : { status: "error", db: "unreachable" }, {
    status: ok ? 200 : 503,
    headers: { "cache-control": "no-store" },
  });
}
