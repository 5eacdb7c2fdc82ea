/** Only same-site paths are honoured, so `?callbackUrl=` cannot send people to another site. */
export function safeCallbackUrl(raw: string | string[] | undefined, fallback = "/orgs"): string {
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (!value || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return fallback;
  return value;
}

export function withCallbackUrl(path: string, callbackUrl: string | undefined): string {
  if (!callbackUrl || callbackUrl === "/orgs") return path;
  return `${path}?${new URLSearchParams({ callbackUrl })}`;
}
