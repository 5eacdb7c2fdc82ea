import { corsPreflight, getTraceForApi, jsonResponse, publicRoute } from "@yardstick/api";

export const dynamic = "force-dynamic";

/** One trace with its observations, scores and feedback. */
export async function GET(req: Request, ctx: { params: Promise<{ traceId: string }> }) {
  const { traceId } = await ctx.params;
  return publicRoute("read", async (_req, key) => jsonResponse(200, await getTraceForApi(key.projectId, traceId)))(req);
}

export const OPTIONS = corsPreflight;
