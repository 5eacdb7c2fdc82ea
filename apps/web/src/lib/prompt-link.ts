/** The page of the prompt version a generation used, or null when no prompt of that name exists. */
export function promptVersionHref(
  projectId: string,
  prompts: ReadonlyArray<{ id: string; name: string }>,
  name: string,
  version: number | null | undefined,
): string | null {
  const prompt = prompts.find((p) => p.name === name);
  if (!prompt) return null;
  const base = `/projects/${encodeURIComponent(projectId)}/prompts/${encodeURIComponent(prompt.id)}`;
  return version ? `${base}?v=${version}` : base;
}
