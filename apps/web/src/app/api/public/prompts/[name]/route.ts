import { corsPreflight, publicRoute, servePublicPrompt } from "@yardstick/api";

export const dynamic = "force-dynamic";

/** A prompt version by label (default `production`) or `version=N`, with ETag and cache headers. */
export async function GET(req: Request, ctx: { params: Promise<{ name: string }> }) {
  const { name } = await ctx.params;
  return publicRoute("read", async (r, key) => servePublicPrompt(r, key.projectId, name))(req);
}

export const OPTIONS = corsPreflight;
