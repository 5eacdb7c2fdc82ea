import { z } from "zod";

// The one place packages/api reads its environment.
const ZApiEnv = z.object({
  // Key for HMAC-hashing API keys. `npm start` generates and persists one when unset.
  YARDSTICK_SECRET: z.string().min(16).optional(),
  AUTH_SECRET: z.string().min(16).optional(),
  YARDSTICK_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(6000),
  // How many reverse proxies in front of the app append to X-Forwarded-For (0: none, the socket
  // address is the client). See client-ip.ts.
  YARDSTICK_TRUSTED_PROXIES: z.coerce.number().int().min(0).max(10).default(0),
});

type TApiEnv = { serverSecret: string; rateLimitPerMinute: number; trustedProxies: number };
let cached: TApiEnv | undefined;

export function apiEnv(): TApiEnv {
  if (cached) return cached;
  const parsed = ZApiEnv.safeParse({
    YARDSTICK_SECRET: process.env.YARDSTICK_SECRET || undefined,
    AUTH_SECRET: process.env.AUTH_SECRET || undefined,
    YARDSTICK_RATE_LIMIT_PER_MINUTE: process.env.YARDSTICK_RATE_LIMIT_PER_MINUTE || undefined,
    YARDSTICK_TRUSTED_PROXIES: process.env.YARDSTICK_TRUSTED_PROXIES || undefined,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`Invalid environment: ${issue?.path.join(".")}: ${issue?.message}`);
  }
  const serverSecret = parsed.data.YARDSTICK_SECRET ?? parsed.data.AUTH_SECRET;
  if (!serverSecret) throw new Error("Set YARDSTICK_SECRET or AUTH_SECRET (at least 16 characters)");
  cached = {
    serverSecret,
    rateLimitPerMinute: parsed.data.YARDSTICK_RATE_LIMIT_PER_MINUTE,
    trustedProxies: parsed.data.YARDSTICK_TRUSTED_PROXIES,
  };
  return cached;
}

/** For tests that switch secrets. */
export function resetApiEnv(): void {
  cached = undefined;
}
