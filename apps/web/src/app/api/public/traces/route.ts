import { corsPreflight, jsonResponse, publicRoute, searchTracesFromUrl } from "@yardstick/api";

export const dynamic = "force-dynamic";

/** Traces of the key's project with the explorer's filters; cursor pagination (`nextCursor`). */
export const GET = publicRoute("read", async (req, key) =>
  jsonResponse(200, await searchTracesFromUrl(key.projectId, new URL(req.url))),
);

export const OPTIONS = corsPreflight;
