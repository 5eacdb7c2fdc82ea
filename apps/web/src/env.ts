import { z } from "zod";

// The one place apps/web reads its environment.
const ZWebEnv = z.object({
  AUTH_SECRET: z.string().min(16, "AUTH_SECRET must be at least 16 characters"),
  AUTH_GITHUB_ID: z.string().optional(),
  AUTH_GITHUB_SECRET: z.string().optional(),
  AUTH_GOOGLE_ID: z.string().optional(),
  AUTH_GOOGLE_SECRET: z.string().optional(),
});

let cached: z.infer<typeof ZWebEnv> | undefined;
export function webEnv() {
  cached ??= ZWebEnv.parse({
    AUTH_SECRET: process.env.AUTH_SECRET,
    AUTH_GITHUB_ID: process.env.AUTH_GITHUB_ID || undefined,
    AUTH_GITHUB_SECRET: process.env.AUTH_GITHUB_SECRET || undefined,
    AUTH_GOOGLE_ID: process.env.AUTH_GOOGLE_ID || undefined,
    AUTH_GOOGLE_SECRET: process.env.AUTH_GOOGLE_SECRET || undefined,
  });
  return cached;
}

export function oauthProviders() {
  const env = webEnv();
  return {
    github: Boolean(env.AUTH_GITHUB_ID && env.AUTH_GITHUB_SECRET),
    google: Boolean(env.AUTH_GOOGLE_ID && env.AUTH_GOOGLE_SECRET),
  };
}
