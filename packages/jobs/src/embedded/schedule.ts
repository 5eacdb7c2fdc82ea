import { CronExpressionParser } from "cron-parser";

// Time arithmetic of the executor: sleeps, retry delays and cron ticks.

const UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1e3,
  m: 6e4,
  h: 3.6e6,
  d: 8.64e7,
  w: 6.048e8,
};

/** A time string ("1h30m", "10s") or an ISO date, as the SDK sends for step.sleep/sleepUntil. */
export function sleepUntil(spec: string, now: Date): Date {
  const parts = [...spec.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h|d|w)/g)];
  if (parts.length && parts.map((p) => p[0]).join("") === spec) {
    return new Date(now.getTime() + parts.reduce((ms, p) => ms + Number(p[1]) * UNIT_MS[p[2]!]!, 0));
  }
  const at = Date.parse(spec);
  if (Number.isNaN(at)) throw new Error(`unreadable sleep "${spec}"`);
  return new Date(at);
}

/** When to retry: the SDK's Retry-After (seconds or a date) if given, else exponential backoff. */
export function retryAt(now: Date, attempt: number, retryAfter: string | null): Date {
  if (retryAfter) {
    const at = /^\d+$/.test(retryAfter) ? now.getTime() + Number(retryAfter) * 1000 : Date.parse(retryAfter);
    if (!Number.isNaN(at)) return new Date(Math.max(at, now.getTime()));
  }
  // 10 s, 20 s, 40 s … capped at 10 min, with ±20 % jitter so retries of many runs spread out.
  const base = Math.min(10_000 * 2 ** attempt, 600_000);
  return new Date(now.getTime() + base * (0.8 + Math.random() * 0.4));
}

/** The latest tick of `schedule` in (after, upTo], or null. "TZ=Area/City " prefixes are honoured. */
export function latestCronTick(schedule: string, after: Date, upTo: Date): Date | null {
  const tz = schedule.match(/^(?:CRON_)?TZ=(\S+)\s+/);
  const expr = tz ? schedule.slice(tz[0].length) : schedule;
  // A five-field cron ticks on whole minutes: none can fall inside one minute (most polls).
  const minute = (d: Date) => Math.floor(d.getTime() / 60_000);
  if (expr.trim().split(/\s+/).length === 5 && minute(after) === minute(upTo)) return null;
  // Missed ticks are not replayed (as with Inngest): only the latest one fires.
  const it = CronExpressionParser.parse(expr, { currentDate: new Date(upTo.getTime() + 1), tz: tz?.[1] ?? "UTC" });
  const latest = it.prev().toDate();
  return latest > after ? latest : null;
}
