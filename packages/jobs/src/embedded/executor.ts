import {
  cancelJobRun,
  claimJobRuns,
  recordJobCronTicks,
  recordJobEvents,
  listJobFunctions,
  renewJobLeases,
  replaceJobFunctions,
  type TClaimedJobRun,
  type TJobRunInput,
} from "@yardstick/db";
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { startApiServer, type TApiServer } from "./api-server";
import { realClock, type Clock } from "./clock";
import { driveRun } from "./drive-run";
import { parseRegistration, toFunctionDef, type TFunctionDef } from "./registry";
import { latestCronTick } from "./schedule";

export type TExecutorOptions = {
  signingKey: string;
  eventKey: string;
  /** The app's serve route (e.g. http://127.0.0.1:3000/api/inngest), for sync(). */
  appUrl?: string;
  clock?: Clock;
  /** Runs driven at once by this executor. */
  poolSize?: number;
  pollMs?: number;
  leaseMs?: number;
  callTimeoutMs?: number;
  host?: string;
  port?: number;
  /** false: no polling loop; the caller drives with drain() (the test harness). */
  autoRun?: boolean;
  log?: (line: string) => void;
};

export type TEventInput = {
  id?: string;
  name: string;
  data?: Record<string, unknown>;
  ts?: number;
  user?: unknown;
  v?: string;
};

/**
 * Plays the Inngest server for one app over the SDK's HTTP protocol: receives events and syncs
 * on its own HTTP API, and drives runs with signed call requests, keeping state in Postgres.
 */
export class EmbeddedExecutor {
  readonly owner = `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
  readonly clock: Clock;
  private readonly inFlight = new Map<string, Promise<void>>();
  private stopped = false;
  private wake: (() => void) | null = null;
  private loopDone: Promise<void> = Promise.resolve();
  private renewTimer: NodeJS.Timeout | undefined;
  private compiled = new Map<string, TFunctionDef>();

  private constructor(
    private readonly opts: Required<Omit<TExecutorOptions, "appUrl" | "clock" | "host" | "port">> & { appUrl?: string },
    clock: Clock,
    private readonly api: TApiServer,
  ) {
    this.clock = clock;
  }

  /** Base URL of the executor's API: the SDK's INNGEST_BASE_URL. */
  get url(): string {
    return this.api.url;
  }

  /** Paths the SDK called that the executor does not implement (e.g. checkpointing). */
  get unhandledRequests(): readonly string[] {
    return this.api.unhandled;
  }

  static async start(options: TExecutorOptions): Promise<EmbeddedExecutor> {
    const opts = {
      poolSize: 4,
      pollMs: 500,
      leaseMs: 60_000,
      callTimeoutMs: 300_000,
      autoRun: true,
      log: (line: string) => console.log(`[jobs] ${line}`),
      ...options,
    };
    const ref: { self?: EmbeddedExecutor } = {}; // the API server exists before the executor
    const api = await startApiServer({
      host: options.host ?? "127.0.0.1",
      port: options.port ?? 0,
      signingKey: opts.signingKey,
      eventKey: opts.eventKey,
      onEvents: (events) => ref.self!.send(events),
      onRegister: (body) => ref.self!.register(body),
    });
    const self = (ref.self = new EmbeddedExecutor(opts, options.clock ?? realClock, api));
    if (opts.autoRun) self.runLoop();
    return self;
  }

  /** Asks the app to sync (PUT to its serve route); the SDK then posts to /fn/register. */
  async sync(appUrl = this.opts.appUrl): Promise<void> {
    if (!appUrl) throw new Error("sync: no app URL");
    const res = await fetch(appUrl, { method: "PUT" });
    const body = await res.text();
    if (!res.ok) throw new Error(`sync with ${appUrl} failed: ${res.status} ${body}`);
  }

  /** Stores a sync; throws (→ 400 to the SDK) when a function uses what is not implemented. */
  async register(body: unknown): Promise<void> {
    const { appName, functions } = parseRegistration(body);
    await replaceJobFunctions(appName, functions, this.clock.now());
    this.opts.log(`synced ${appName}: ${functions.map((f) => f.id).join(", ") || "no functions"}`);
  }

  /** Stores events and queues a run per matching function; returns the event ids. */
  async send(events: TEventInput[]): Promise<string[]> {
    const now = this.clock.now();
    const full = events.map((e) => ({ ...e, id: e.id || randomUUID(), data: e.data ?? {}, ts: e.ts ?? now.getTime() }));
    const defs = await this.functions();
    const queued = await recordJobEvents(
      full.map((e) => ({ id: e.id, name: e.name, data: e.data, ts: new Date(e.ts) })),
      (fresh) =>
        full
          .filter((e) => fresh.has(e.id))
          .flatMap((event) =>
            defs
              .filter((d) => d.events.some((t) => t.matches(event)))
              .map((fn) => this.runFor(fn, event, `${event.id}:${fn.id}`, now)),
          ),
    );
    if (queued) this.wake?.();
    return full.map((e) => e.id);
  }

  /** Cancels a run; one being driven stops before its next step. */
  async cancel(runId: string): Promise<boolean> {
    return cancelJobRun(runId, this.clock.now());
  }

  /**
   * Test harness: fires due cron ticks and drives every due run until none is left (runs that
   * sleep or wait for a retry stay parked until the clock passes their time). Returns runs driven.
   */
  async drain(maxRounds = 100): Promise<number> {
    let driven = 0;
    for (let round = 0; round < maxRounds; round++) {
      await this.fireCrons();
      const runs = await this.claim(this.opts.poolSize);
      if (!runs.length) return driven;
      driven += runs.length;
      await Promise.all(runs.map((r) => this.drive(r)));
    }
    throw new Error(`drain: runs still due after ${maxRounds} rounds`);
  }

  /** Stops polling; runs in flight finish their current call and are queued again. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.loopDone;
    await Promise.all(this.inFlight.values());
    clearInterval(this.renewTimer);
    await this.api.close();
  }

  private runLoop(): void {
    this.renewTimer = setInterval(() => {
      const until = new Date(this.clock.now().getTime() + this.opts.leaseMs);
      renewJobLeases(this.owner, [...this.inFlight.keys()], until).catch((err) =>
        this.opts.log(`lease renewal failed: ${err.message}`),
      );
    }, this.opts.leaseMs / 3);
    this.renewTimer.unref();
    this.loopDone = (async () => {
      while (!this.stopped) {
        try {
          await this.fireCrons();
          const free = this.opts.poolSize - this.inFlight.size;
          for (const run of free > 0 ? await this.claim(free) : []) {
            const p = this.drive(run).finally(() => {
              this.inFlight.delete(run.id);
              this.wake?.();
            });
            this.inFlight.set(run.id, p);
          }
        } catch (err) {
          this.opts.log(`poll failed: ${(err as Error).message}`);
        }
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, this.opts.pollMs);
          this.wake = () => {
            clearTimeout(t);
            resolve();
          };
        });
      }
    })();
  }

  /**
   * The synced functions, read on every poll (another process may sync); each definition is
   * compiled once per distinct registration, not on every poll.
   */
  private async functions(): Promise<TFunctionDef[]> {
    const rows = await listJobFunctions();
    const seen = new Map<string, TFunctionDef>();
    const defs = rows.map((row) => {
      const key = JSON.stringify([row.id, row.url, row.triggers, row.concurrency, row.maxAttempts]);
      const def = this.compiled.get(key) ?? toFunctionDef(row);
      seen.set(key, def);
      return { ...def, cronCursor: row.cronCursor ?? null };
    });
    this.compiled = seen;
    return defs;
  }

  private runFor(fn: TFunctionDef, event: { data?: unknown }, dedupeKey: string, now: Date): TJobRunInput {
    const projectId = (event.data as { projectId?: unknown } | undefined)?.projectId;
    return {
      functionId: fn.id,
      projectId: typeof projectId === "string" ? projectId : null,
      event,
      concurrencyKey: fn.keyLimit ? fn.keyLimit.key(event) : null,
      nextRunAt: now,
      dedupeKey,
    };
  }

  /** Queues a run for the latest cron tick each function has passed (missed ticks are not replayed). */
  private async fireCrons(): Promise<void> {
    const now = this.clock.now();
    for (const fn of await this.functions()) {
      if (!fn.crons.length) continue;
      const from = fn.cronCursor ?? now;
      const ticks = fn.crons.flatMap((c) => {
        const tick = latestCronTick(c, from, now);
        return tick ? [{ cron: c, tick }] : [];
      });
      if (!ticks.length) continue;
      const runs = ticks.map(({ cron, tick }) => {
        const event = {
          id: `cron-${fn.id}-${tick.getTime()}`,
          name: "inngest/scheduled.timer",
          data: { cron },
          ts: tick.getTime(),
        };
        return this.runFor(fn, event, `cron:${fn.id}:${tick.toISOString()}`, now);
      });
      await recordJobCronTicks(fn.id, fn.cronCursor, now, runs);
    }
  }

  private async claim(max: number): Promise<TClaimedJobRun[]> {
    const defs = new Map((await this.functions()).map((d) => [d.id, d]));
    const now = this.clock.now();
    const lease = { owner: this.owner, now, leaseUntil: new Date(now.getTime() + this.opts.leaseMs) };
    return claimJobRuns(
      { ...lease, scan: max * 25, perKey: max, functionIds: [...defs.keys()] },
      (candidates, running) => {
        // Concurrency slots are held by runs being driven (a sleeping run holds none), as in Inngest.
        const perFn = new Map<string, number>();
        const perKey = new Map<string, number>();
        for (const r of running) {
          perFn.set(r.functionId, (perFn.get(r.functionId) ?? 0) + r.count);
          const k = `${r.functionId}\n${r.concurrencyKey}`;
          perKey.set(k, (perKey.get(k) ?? 0) + r.count);
        }
        const picked: string[] = [];
        for (const c of candidates) {
          if (picked.length >= max) break;
          const fn = defs.get(c.functionId);
          if (!fn) continue; // function no longer synced: left queued
          const k = `${c.functionId}\n${c.concurrencyKey}`;
          if (fn.fnLimit !== null && (perFn.get(c.functionId) ?? 0) >= fn.fnLimit) continue;
          if (fn.keyLimit && (perKey.get(k) ?? 0) >= fn.keyLimit.limit) continue;
          perFn.set(c.functionId, (perFn.get(c.functionId) ?? 0) + 1);
          perKey.set(k, (perKey.get(k) ?? 0) + 1);
          picked.push(c.id);
        }
        return picked;
      },
    );
  }

  private async drive(run: TClaimedJobRun): Promise<void> {
    const fn = (await this.functions()).find((d) => d.id === run.functionId);
    if (!fn) return;
    try {
      await driveRun(
        {
          owner: this.owner,
          clock: this.clock,
          signingKey: this.opts.signingKey,
          leaseMs: this.opts.leaseMs,
          callTimeoutMs: this.opts.callTimeoutMs,
          stopping: () => this.stopped,
          onFailed: async (failed, error) => {
            const data = { function_id: failed.functionId, run_id: failed.id, error, event: failed.event };
            await this.send([{ name: "inngest/function.failed", data }]);
          },
        },
        run,
        fn,
      );
    } catch (err) {
      this.opts.log(`run ${run.id} (${run.functionId}): ${(err as Error).message}`);
    }
  }
}
