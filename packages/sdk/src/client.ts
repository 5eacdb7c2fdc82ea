import {
  MAX_INGEST_BATCH_EVENTS,
  MAX_INGEST_BODY_BYTES,
  ZIngestionEvent,
  formatZodIssues,
  type TIngestionEventType,
} from "@yardstick/contracts/ingest";
import { ZYardstickOptions, type TResolvedOptions, type TYardstickOptions } from "./config";
import { YardstickError, describeError, type TYardstickErrorCode } from "./errors";
import { TraceClient, type TEmit, type TFeedbackParams, type TScoreParams, type TTraceParams } from "./objects";
import { randomId, safeStringify, utf8Bytes } from "./serialize";
import { PromptCache, YardstickPromptError, fallbackPrompt, type Prompt, type TGetPromptOptions } from "./prompts";
import { ENVELOPE_BYTES, Transport, unref, type THandle } from "./transport";
import { ExperimentClient, type TGetVariantOptions, type TVariant } from "./experiments";
import type { TAssignUnit } from "@yardstick/contracts/online-experiments";

/** One validated, serialized event. `seq` orders events for flush(). */
type TQueued = { seq: number; id: string; json: string; bytes: number };
type TJob = { minSeq: number };
type TWaiter = { upTo: number; resolve: () => void };

export type TYardstickStats = {
  /** Events waiting or in flight. */
  queued: number;
  /** Events the server accepted. */
  sent: number;
  /** Events dropped because the queue was full. */
  dropped: number;
  /** Events that will never be delivered: refused by the server, too large, or out of retries. */
  failed: number;
  /** Requests repeated after a 429, 5xx, timeout or network error. */
  retries: number;
};

/**
 * The Yardstick client. Every method returns at once and never throws: events are validated
 * against the shared ingestion contract, queued, and sent in batches in the background.
 */
export class Yardstick {
  private readonly opts: TResolvedOptions | undefined;
  private readonly transport: Transport | undefined;
  private queue: TQueued[] = [];
  private seq = 0;
  private readonly jobs = new Set<TJob>();
  private inFlightCount = 0;
  private timer: THandle | undefined;
  /** Send partial batches until the queue is empty (set by the interval timer and flush()). */
  private draining = false;
  private waiters: TWaiter[] = [];
  private closed = false;
  private shutdownPromise: Promise<void> | undefined;
  private readonly counts = { sent: 0, dropped: 0, failed: 0, retries: 0 };
  private pendingDropReport = 0;
  private readonly warned = new Set<TYardstickErrorCode>();
  private readonly onBeforeExit = () => void this.shutdown();
  private readonly prompts: PromptCache | undefined;
  private readonly experiments: ExperimentClient | undefined;
  private exposureTimer: THandle | undefined;

  constructor(options: TYardstickOptions) {
    const parsed = ZYardstickOptions.safeParse(options ?? {});
    if (!parsed.success) {
      // No onError can be trusted from an invalid config: warn once, stay a no-op.
      const raw = options as { onError?: unknown } | undefined;
      const err = new YardstickError(
        "invalid_config",
        `Yardstick disabled, invalid options: ${formatZodIssues(parsed.error)}`,
      );
      if (typeof raw?.onError === "function") this.safeCall(() => (raw.onError as (e: YardstickError) => void)(err));
      else console.warn(`[yardstick] ${err.message}`);
      this.closed = true;
      return;
    }
    this.opts = parsed.data;
    this.transport = new Transport(
      parsed.data,
      this.counts,
      (code, message, extra) => this.report(code, message, extra),
      (message) => this.debug(message),
    );
    const onError = parsed.data.onError;
    this.prompts = new PromptCache({
      baseUrl: parsed.data.baseUrl,
      apiKey: parsed.data.apiKey,
      timeoutMs: parsed.data.timeoutMs,
      ...(parsed.data.fetch && { fetch: parsed.data.fetch }),
      onError: (err) => (onError ? this.safeCall(() => onError(err)) : this.debug(err.message)),
    });
    this.experiments = new ExperimentClient({
      baseUrl: parsed.data.baseUrl,
      apiKey: parsed.data.apiKey,
      timeoutMs: parsed.data.timeoutMs,
      mode: parsed.data.assignmentMode,
      ...(parsed.data.fetch && { fetch: parsed.data.fetch }),
      onError: (err) => (onError ? this.safeCall(() => onError(err)) : this.debug(err.message)),
    });
    if (!parsed.data.enabled) this.closed = true;
    const proc = (globalThis as { process?: { on?: (e: string, fn: () => void) => void } }).process;
    if (parsed.data.registerExitHandlers && !this.closed && typeof proc?.on === "function") {
      proc.on("beforeExit", this.onBeforeExit);
    }
  }

  /** Starts a trace: one request or job of the host application. */
  trace(params: TTraceParams = {}): TraceClient {
    const id = params.id ?? randomId();
    const defaults: Record<string, unknown> = { timestamp: new Date().toISOString() };
    if (this.opts?.environment) defaults.environment = this.opts.environment;
    if (this.opts?.release) defaults.release = this.opts.release;
    const client = new TraceClient(this.emit, id);
    // Traces of a unit that got a variant carry its assignments, so the experiment's metrics join.
    const assignmentIds =
      params.assignmentIds ?? this.experiments?.assignmentIdsFor([params.userId, params.sessionId]) ?? [];
    if (assignmentIds.length) defaults.assignmentIds = assignmentIds.slice(0, 20);
    this.emit("trace-create", { ...defaults, ...stripUndefined(params), id, ...isoTimestamp(params.timestamp) });
    return client;
  }

  /** A handle on a trace created elsewhere (another service, an earlier request); sends nothing by itself. */
  traceById(traceId: string): TraceClient {
    return new TraceClient(this.emit, traceId);
  }

  /** Scores a trace by id (e.g. from an offline evaluator); returns the score id. */
  score(params: TScoreParams & { traceId: string }): string {
    const { traceId, ...rest } = params;
    return this.traceById(traceId).score(rest);
  }

  /**
   * End-user feedback on a trace by id — `feedback(traceId, {thumbs: "down", comment, tags})` or
   * `feedback({traceId, ...})`; returns the feedback id. Thumbs down or a rating ≤ 2 puts the
   * trace into the project's candidate queue.
   */
  feedback(traceId: string, params: TFeedbackParams): string;
  feedback(params: TFeedbackParams & { traceId: string }): string;
  feedback(a: string | (TFeedbackParams & { traceId: string }), b?: TFeedbackParams): string {
    if (typeof a === "string") return this.traceById(a).feedback(b ?? ({} as TFeedbackParams));
    const { traceId, ...rest } = a;
    return this.traceById(traceId).feedback(rest);
  }

  /**
   * A prompt version by label (default "production") or version, for a key with the `read` scope.
   * Cached in memory (`cacheTtlMs`, default 60 s) and revalidated in the background when stale.
   * The only method that can reject: without a cached copy or a `fallback`, a failure rejects with
   * a YardstickPromptError. With `enabled: false` or invalid options, the fallback is returned.
   */
  async getPrompt(name: string, options: TGetPromptOptions = {}): Promise<Prompt> {
    if (!this.prompts || this.closed) {
      if (options.fallback) return fallbackPrompt(name, options);
      throw new YardstickPromptError(
        "disabled",
        "getPrompt: the Yardstick client is disabled and no fallback was given",
      );
    }
    return this.prompts.get(name, options);
  }

  /**
   * The variant of an online experiment for a unit (`{id, attributes}`; `id` is the user id).
   * Never rejects: when Yardstick is unreachable (or the client is disabled) the control variant
   * comes back with `source: "fallback"`. Traces created afterwards with this unit's `userId` or
   * `sessionId` carry the assignment.
   */
  async getVariant(experimentKey: string, unit: TAssignUnit, options: TGetVariantOptions = {}): Promise<TVariant> {
    if (!this.experiments || this.closed) {
      return {
        experiment: experimentKey,
        variant: options.fallbackVariant ?? "control",
        inExperiment: false,
        assignmentId: null,
        model: null,
        promptVersion: null,
        source: "fallback",
      };
    }
    const v = await this.experiments.getVariant(experimentKey, unit, options);
    if (this.experiments.pendingExposures() && !this.exposureTimer && this.opts) {
      this.exposureTimer = unref(
        setTimeout(() => {
          this.exposureTimer = undefined;
          void this.experiments?.flushExposures();
        }, this.opts.flushIntervalMs),
      );
    }
    return v;
  }

  /** Interleaving: the variant the user chose for an assignment (null = a tie). Never rejects. */
  async recordPreference(assignmentId: string, chosenVariant: string | null): Promise<boolean> {
    if (!this.experiments || this.closed) return false;
    return this.experiments.recordPreference(assignmentId, chosenVariant);
  }

  stats(): TYardstickStats {
    return { queued: this.queue.length + this.inFlightCount, ...this.counts };
  }

  /**
   * Resolves once every event queued before the call has been sent or has definitively failed.
   * Never rejects. While it is pending it keeps a Node process alive (the timers are unref'd otherwise).
   */
  flush(): Promise<void> {
    const exposures = this.experiments?.flushExposures() ?? Promise.resolve();
    return this.flushEvents().then(() => exposures);
  }

  private flushEvents(): Promise<void> {
    return new Promise<void>((resolve) => {
      try {
        const upTo = this.seq;
        if (this.minPendingSeq() > upTo) return resolve();
        const keepAlive = setInterval(() => {}, 1 << 30);
        this.waiters.push({
          upTo,
          resolve: () => {
            clearInterval(keepAlive);
            resolve();
          },
        });
        this.pump(true);
      } catch (e) {
        this.report("internal", `flush: ${describeError(e)}`, { cause: e });
        resolve();
      }
    });
  }

  /** Flushes, then stops the timer; later calls (and any later trace(), score()...) are no-ops. */
  shutdown(): Promise<void> {
    if (this.shutdownPromise) return this.shutdownPromise;
    this.closed = true;
    this.clearTimer();
    const proc = (globalThis as { process?: { off?: (e: string, fn: () => void) => void } }).process;
    if (typeof proc?.off === "function") proc.off("beforeExit", this.onBeforeExit);
    this.shutdownPromise = this.flush().then(() => this.clearTimer());
    return this.shutdownPromise;
  }

  /** @internal For integrations (wrapAnthropic) to report their own failures through onError. */
  reportInternal(context: string, e: unknown): void {
    this.report("internal", `${context}: ${describeError(e)}`, { cause: e });
  }

  // ---------------------------------------------------------------- queue

  private readonly emit: TEmit = (type, body) => {
    if (this.closed || !this.opts) return;
    try {
      this.enqueue(type, body);
    } catch (e) {
      this.report("internal", `enqueue ${type}: ${describeError(e)}`, { cause: e });
    }
  };

  private enqueue(type: TIngestionEventType, body: Record<string, unknown>): void {
    const opts = this.opts as TResolvedOptions;
    const event = { id: randomId(), timestamp: new Date().toISOString(), type, body };
    const parsed = ZIngestionEvent.safeParse(event);
    if (!parsed.success) {
      this.report("invalid_event", `${type} dropped: ${formatZodIssues(parsed.error)}`, { eventIds: [event.id] });
      return;
    }
    const json = safeStringify(event);
    const bytes = utf8Bytes(json);
    if (bytes + ENVELOPE_BYTES > MAX_INGEST_BODY_BYTES) {
      this.counts.failed += 1;
      this.report(
        "event_too_large",
        `${type} dropped: ${bytes} bytes, the server accepts ${MAX_INGEST_BODY_BYTES} per request`,
        {
          eventIds: [event.id],
        },
      );
      return;
    }
    this.queue.push({ seq: ++this.seq, id: event.id, json, bytes });
    if (this.queue.length > opts.maxQueueSize) {
      const n = this.queue.length - opts.maxQueueSize;
      this.queue.splice(0, n);
      this.counts.dropped += n;
      this.reportDrops(n);
      this.settleWaiters();
    }
    if (this.queue.length >= opts.flushAt) this.pump(false);
    else this.armTimer();
  }

  private reportDrops(n: number): void {
    // One report per burst, not one per event.
    if (this.pendingDropReport === 0) {
      queueMicrotask(() => {
        const count = this.pendingDropReport;
        this.pendingDropReport = 0;
        this.report(
          "queue_overflow",
          `queue full (maxQueueSize ${this.opts?.maxQueueSize}): dropped the ${count} oldest events`,
        );
      });
    }
    this.pendingDropReport += n;
  }

  private armTimer(): void {
    if (this.timer || this.closed || this.queue.length === 0 || !this.opts) return;
    this.timer = unref(
      setTimeout(() => {
        this.timer = undefined;
        this.pump(true);
      }, this.opts.flushIntervalMs),
    );
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Starts batches while there is room; `drain` sends partial batches too. */
  private pump(drain: boolean): void {
    const opts = this.opts;
    const transport = this.transport;
    if (!opts || !transport) return;
    if (drain) this.draining = true;
    while (this.jobs.size < opts.concurrency && this.queue.length > 0) {
      if (!this.draining && this.queue.length < opts.flushAt) break;
      const batch = this.takeBatch();
      const job: TJob = { minSeq: batch[0]?.seq ?? Infinity };
      this.jobs.add(job);
      this.inFlightCount += batch.length;
      void transport
        .deliver(batch)
        .catch((e: unknown) => {
          this.counts.failed += batch.length;
          this.report("internal", `deliver: ${describeError(e)}`, { cause: e, eventIds: batch.map((b) => b.id) });
        })
        .finally(() => {
          this.jobs.delete(job);
          this.inFlightCount -= batch.length;
          this.settleWaiters();
          this.pump(false);
        });
    }
    if (this.queue.length === 0) this.draining = false;
    if (this.timer && this.draining) this.clearTimer();
    if (!this.draining) this.armTimer();
  }

  /** The oldest events that fit one request: MAX_INGEST_BATCH_EVENTS and MAX_INGEST_BODY_BYTES. */
  private takeBatch(): TQueued[] {
    let bytes = ENVELOPE_BYTES;
    let n = 0;
    for (const item of this.queue) {
      if (n >= MAX_INGEST_BATCH_EVENTS) break;
      const next = bytes + item.bytes + (n > 0 ? 1 : 0);
      if (n > 0 && next > MAX_INGEST_BODY_BYTES) break;
      bytes = next;
      n += 1;
    }
    return this.queue.splice(0, n);
  }

  private minPendingSeq(): number {
    let min = this.queue[0]?.seq ?? Infinity;
    for (const job of this.jobs) min = Math.min(min, job.minSeq);
    return min;
  }

  private settleWaiters(): void {
    const min = this.minPendingSeq();
    const ready = this.waiters.filter((w) => w.upTo < min);
    if (ready.length === 0) return;
    this.waiters = this.waiters.filter((w) => w.upTo >= min);
    for (const w of ready) w.resolve();
  }

  // ---------------------------------------------------------------- reporting

  private report(
    code: TYardstickErrorCode,
    message: string,
    extra: { status?: number; eventIds?: string[]; cause?: unknown } = {},
  ): void {
    const err = new YardstickError(code, message, extra);
    const onError = this.opts?.onError;
    if (onError) this.safeCall(() => onError(err));
    if (this.opts?.debug) console.warn(`[yardstick] ${code}: ${message}`);
    else if (!onError && !this.warned.has(code)) {
      this.warned.add(code);
      console.warn(
        `[yardstick] ${code}: ${message} (further "${code}" errors are silent; pass onError or debug: true)`,
      );
    }
  }

  private debug(message: string): void {
    if (this.opts?.debug) console.debug(`[yardstick] ${message}`);
  }

  private safeCall(fn: () => void): void {
    try {
      fn();
    } catch {
      // The host's onError must not break the SDK either.
    }
  }
}

function stripUndefined(o: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

function isoTimestamp(t: Date | string | undefined): { timestamp?: string } {
  if (t === undefined) return {};
  return { timestamp: t instanceof Date ? t.toISOString() : t };
}
