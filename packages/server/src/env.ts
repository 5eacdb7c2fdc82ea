import { z } from "zod";

// The one place packages/server reads its environment.
const ZServerEnv = z.object({
  // Key for HMAC-hashing API keys. `npm start` generates and persists one when unset.
  YARDSTICK_SECRET: z.string().min(16).optional(),
  AUTH_SECRET: z.string().min(16).optional(),
  YARDSTICK_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(6000),
  // Self-hosters point providers at local models; a multi-tenant deployment turns this off (SSRF).
  YARDSTICK_ALLOW_PRIVATE_PROVIDER_URLS: z.enum(["true", "false", "1", "0"]).default("true"),
  // Alert webhooks (and Slack URLs) to loopback/private addresses: on for self-hosting (an internal
  // receiver) and tests; a multi-tenant deployment turns it off (SSRF). README "Alerts".
  YARDSTICK_ALLOW_PRIVATE_WEBHOOK_URLS: z.enum(["true", "false", "1", "0"]).default("true"),
  // Public URL of the app, for links in alert messages.
  AUTH_URL: z.string().optional(),
  // How many reverse proxies in front of the app append to X-Forwarded-For (0: none, the socket
  // address is the client). See client-ip.ts.
  YARDSTICK_TRUSTED_PROXIES: z.coerce.number().int().min(0).max(10).default(0),
  // Sign-ups per client IP per hour (also the burst). A team behind one NAT address may need more.
  YARDSTICK_SIGN_UPS_PER_IP_PER_HOUR: z.coerce.number().int().positive().max(100_000).default(20),
});

type TServerEnv = {
  serverSecret: string;
  rateLimitPerMinute: number;
  allowPrivateProviderUrls: boolean;
  allowPrivateWebhookUrls: boolean;
  publicUrl: string | null;
  trustedProxies: number;
  signUpsPerIpPerHour: number;
};
let cached: TServerEnv | undefined;

export function serverEnv(): TServerEnv {
  if (cached) return cached;
  const parsed = ZServerEnv.safeParse({
    YARDSTICK_SECRET: process.env.YARDSTICK_SECRET || undefined,
    AUTH_SECRET: process.env.AUTH_SECRET || undefined,
    YARDSTICK_RATE_LIMIT_PER_MINUTE: process.env.YARDSTICK_RATE_LIMIT_PER_MINUTE || undefined,
    YARDSTICK_ALLOW_PRIVATE_PROVIDER_URLS: process.env.YARDSTICK_ALLOW_PRIVATE_PROVIDER_URLS || undefined,
    YARDSTICK_ALLOW_PRIVATE_WEBHOOK_URLS: process.env.YARDSTICK_ALLOW_PRIVATE_WEBHOOK_URLS || undefined,
    AUTH_URL: process.env.AUTH_URL || undefined,
    YARDSTICK_TRUSTED_PROXIES: process.env.YARDSTICK_TRUSTED_PROXIES || undefined,
    YARDSTICK_SIGN_UPS_PER_IP_PER_HOUR: process.env.YARDSTICK_SIGN_UPS_PER_IP_PER_HOUR || undefined,
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
    allowPrivateProviderUrls: ["true", "1"].includes(parsed.data.YARDSTICK_ALLOW_PRIVATE_PROVIDER_URLS),
    allowPrivateWebhookUrls: ["true", "1"].includes(parsed.data.YARDSTICK_ALLOW_PRIVATE_WEBHOOK_URLS),
    publicUrl: /^https?:\/\//.test(parsed.data.AUTH_URL ?? "") ? parsed.data.AUTH_URL!.replace(/\/$/, "") : null,
    trustedProxies: parsed.data.YARDSTICK_TRUSTED_PROXIES,
    signUpsPerIpPerHour: parsed.data.YARDSTICK_SIGN_UPS_PER_IP_PER_HOUR,
  };
  return cached;
}

/** For tests that switch secrets. */
export function resetServerEnv(): void {
  cached = undefined;
}
