import { CliError } from "./errors";

// Where the server is and which key to use: flags win over YARDSTICK_URL / YARDSTICK_API_KEY.

export interface TConnection {
  url: string;
  apiKey: string;
}

export function connection(
  flags: { url?: string; "api-key"?: string },
  env: NodeJS.ProcessEnv = process.env,
): TConnection {
  const url = (flags.url ?? env.YARDSTICK_URL ?? "").trim();
  const apiKey = (flags["api-key"] ?? env.YARDSTICK_API_KEY ?? "").trim();
  if (!url) throw new CliError("config", "YARDSTICK_URL is not set (or pass --url): where does Yardstick run?");
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new CliError("config", `YARDSTICK_URL is not a URL: "${url}"`);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:")
    throw new CliError("config", `YARDSTICK_URL must be http(s), got "${url}"`);
  if (!apiKey)
    throw new CliError("config", "YARDSTICK_API_KEY is not set (or pass --api-key): create a key with the run scope");
  return { url: url.replace(/\/+$/, ""), apiKey };
}
