import { ZodError, type z } from "zod";
import { AppError, RateLimitedError } from "../errors";
import { serverEnv } from "../env";
import { processWide } from "../process-wide";
import { createRateLimiter } from "../rate-limit";
import type { ZSignUpInput } from "@yardstick/contracts/common";
import { signUp, verifyCredentials } from "./users";

/**
 * Sign-in and sign-up limits (issue 12), in process memory like the public API's limiter.
 *
 * Token buckets: an attempt takes a token before any bcrypt work (so a parallel burst cannot
 * slip past a check-then-count), and a correct password gives it back, so only failures count.
 * Once a bucket is empty the answer is "retry after N s", where N is exactly when the next token
 * refills: clients can back off precisely. Keys are the normalised email whether or not an
 * account has it, so a throttled answer says nothing about which emails exist.
 */
export const SIGN_IN_LIMITS = {
  /** Wrong passwords per account: 5, then one more every 3 minutes (5 per 15 min). */
  perAccount: { burst: 5, perMinute: 5 / 15 },
  /** Wrong passwords per client IP: 20 a minute. */
  perIp: { burst: 20, perMinute: 20 },
  /** Sign-ups per client IP: 20, then 20 an hour (YARDSTICK_SIGN_UPS_PER_IP_PER_HOUR). */
  signUpPerIp: { burst: 20, perMinute: 20 / 60 },
} as const;

function signUpLimit() {
  const perHour = serverEnv().signUpsPerIpPerHour;
  return { burst: perHour, perMinute: perHour / 60 };
}

const accountAttempts = processWide("sign-in-per-account", () => createRateLimiter(SIGN_IN_LIMITS.perAccount));
const ipAttempts = processWide("sign-in-per-ip", () => createRateLimiter(SIGN_IN_LIMITS.perIp));
// Created on first sign-up (it reads the server env, which needs the app's secret).
const signUpAttempts = () => processWide("sign-up-per-ip", () => createRateLimiter(signUpLimit()));

const UNKNOWN_IP = "unknown";

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export type TSignInResult =
  | { status: "ok"; user: { id: string; email: string; name: string | null } }
  | { status: "invalid" }
  | { status: "throttled"; retryAfterS: number };

/** Checks email + password under the per-account and per-IP limits. */
export async function signInWithPassword(input: {
  email: string;
  password: string;
  ip: string | null;
}): Promise<TSignInResult> {
  const account = normaliseEmail(input.email);
  const ip = input.ip ?? UNKNOWN_IP;
  const byIp = ipAttempts.take(ip);
  const byAccount = accountAttempts.take(account);
  if (!byIp.ok || !byAccount.ok) {
    if (byIp.ok) ipAttempts.refund(ip);
    if (byAccount.ok) accountAttempts.refund(account);
    const retryAfterS = Math.max(byIp.ok ? 0 : byIp.retryAfterS, byAccount.ok ? 0 : byAccount.retryAfterS);
    return { status: "throttled", retryAfterS };
  }
  const user = await verifyCredentials(account, input.password);
  if (!user) return { status: "invalid" };
  ipAttempts.refund(ip);
  accountAttempts.refund(account);
  return { status: "ok", user };
}

/**
 * Runs a password check for a signed-in user (password change) under the same per-account
 * limit as sign-in, so a stolen session cannot be used to guess the password faster.
 */
export async function withAccountAttempt(email: string, check: () => Promise<boolean>): Promise<boolean> {
  const key = normaliseEmail(email);
  const taken = accountAttempts.take(key);
  if (!taken.ok) throw new RateLimitedError(taken.retryAfterS);
  const ok = await check();
  if (ok) accountAttempts.refund(key);
  return ok;
}

/**
 * The public sign-up: per-IP limit, then the same `{ ok: true }` whether the account was created
 * or the email was already registered (then nothing changes). Invalid input does not count
 * against the limit: it is refused before any hashing.
 */
export async function signUpFromClient(input: z.input<typeof ZSignUpInput>, ip: string | null): Promise<{ ok: true }> {
  const key = ip ?? UNKNOWN_IP;
  const taken = signUpAttempts().take(key);
  if (!taken.ok) throw new RateLimitedError(taken.retryAfterS);
  try {
    await signUp(input);
  } catch (err) {
    if (err instanceof ZodError || (err instanceof AppError && err.code === "invalid_input"))
      signUpAttempts().refund(key);
    throw err;
  }
  return { ok: true };
}
