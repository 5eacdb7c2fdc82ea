import { NextResponse, type NextRequest } from "next/server";

// Next decodes a dynamic route segment with decodeURIComponent and answers a bare 500, before any
// route code runs, when it is not valid percent-encoded UTF-8 (`/api/public/traces/%E0%A4%A`, a
// lone `%`). The public routes with path parameters are checked here first: the client's mistake
// is a 400 in the public API's JSON error shape. Only those routes: ingest never pays for it.
export function proxy(req: NextRequest) {
  try {
    decodeURIComponent(req.nextUrl.pathname);
  } catch {
    return NextResponse.json(
      { error: "Invalid path: malformed percent-encoding" },
      { status: 400, headers: { "access-control-allow-origin": "*", "cache-control": "no-store" } },
    );
  }
  return NextResponse.next();
}

export const config = { matcher: ["/api/public/traces/:path+", "/api/public/prompts/:path+"] };
