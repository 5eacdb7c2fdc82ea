import { availableParallelism } from "node:os";
import { z } from "zod";

// Node flags for the web server process (scripts/start.ts), which bench/assignment.ts also gives
// its server so that it measures what `npm start` runs.
//
// --single-threaded-gc: V8 otherwise runs scavenges in parallel and marks the old space
// concurrently on up to four helper threads. On two cores, beside Postgres, those helpers take the
// request thread's core: a major GC's concurrent marking kept both cores busy for ~100 ms, and a
// scavenge waited for a helper that was not scheduled. bench:assignment, 30 s at 1,000 req/s on
// 2 cores, alternating runs, p99: default GC 14.9, 9.0, 5.8, 16.6, 5.7, 5.0, 6.5 ms;
// single-threaded 5.6, 5.3, 6.4, 6.1, 6.5, 5.5 ms. On more cores the helpers have room, so it
// stays off there.
const ZSetting = z.enum(["auto", "1", "0", "true", "false"]);

/** The flags for the web server process; `YARDSTICK_SINGLE_THREADED_GC` = auto (≤ 2 cores) | 1 | 0. */
export function webServerNodeFlags(
  setting: string | undefined = process.env.YARDSTICK_SINGLE_THREADED_GC,
  cores: number = availableParallelism(),
): string[] {
  const parsed = ZSetting.safeParse(setting || "auto");
  if (!parsed.success) {
    throw new Error(`YARDSTICK_SINGLE_THREADED_GC must be auto, 1 or 0 (got "${setting}")`);
  }
  const on = parsed.data === "1" || parsed.data === "true" || (parsed.data === "auto" && cores <= 2);
  return on ? ["--single-threaded-gc"] : [];
}
