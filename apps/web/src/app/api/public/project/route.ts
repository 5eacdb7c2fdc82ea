import { corsPreflight, getProject, jsonResponse, publicRoute } from "@yardstick/api";

export const dynamic = "force-dynamic";

/** The project an API key belongs to, and the key's scopes: lets an SDK check its configuration. */
export const GET = publicRoute("read", async (_req, key) => {
  const project = await getProject(key.projectId);
  return jsonResponse(200, { project: { id: project.id, name: project.name }, scopes: key.scopes });
});

export const OPTIONS = corsPreflight;
