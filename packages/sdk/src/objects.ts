import type { z } from "zod";
import type {
  TIngestionEventType,
  ZEventBody,
  ZFeedbackBody,
  ZGenerationBody,
  ZScoreBody,
  ZSpanBody,
  ZTraceBody,
} from "@yardstick/contracts/ingest";
import { randomId } from "./serialize";

// Handles returned by `ys.trace()` and friends. Each call turns into one ingestion event; the
// handles hold nothing but ids, so they are cheap and safe to drop without ending them.

/** Timestamps may be given as Date or ISO-8601 strings. */
export type TTime = Date | string;
type WithTimes<T, K extends keyof T> = Omit<T, K> & { [P in K]?: TTime };

export type TTraceParams = WithTimes<z.input<typeof ZTraceBody>, "timestamp" | "endTime">;
export type TTraceUpdateParams = Omit<TTraceParams, "id">;
export type TSpanParams = WithTimes<
  Omit<z.input<typeof ZSpanBody>, "traceId" | "parentObservationId">,
  "startTime" | "endTime"
>;
export type TSpanEndParams = Omit<TSpanParams, "id" | "startTime">;
export type TGenerationParams = WithTimes<
  Omit<z.input<typeof ZGenerationBody>, "traceId" | "parentObservationId">,
  "startTime" | "endTime" | "completionStartTime"
>;
export type TGenerationEndParams = Omit<TGenerationParams, "id" | "startTime">;
export type TEventParams = WithTimes<Omit<z.input<typeof ZEventBody>, "traceId" | "parentObservationId">, "startTime">;
export type TScoreParams = Omit<z.input<typeof ZScoreBody>, "traceId">;
export type TObservationScoreParams = Omit<TScoreParams, "observationId">;
export type TFeedbackParams = Omit<z.input<typeof ZFeedbackBody>, "traceId">;

export type TEmit = (type: TIngestionEventType, body: Record<string, unknown>) => void;

const TIME_KEYS = ["timestamp", "startTime", "endTime", "completionStartTime"] as const;

/** Dates → ISO strings; undefined keys dropped so they never overwrite anything. */
function normalize(params: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined) continue;
    out[k] = (TIME_KEYS as readonly string[]).includes(k) && v instanceof Date ? v.toISOString() : v;
  }
  return out;
}

const now = () => new Date().toISOString();

abstract class ObservationParent {
  constructor(
    protected readonly emit: TEmit,
    readonly traceId: string,
    /** The observation new children hang under; undefined at the trace's root. */
    protected readonly parentObservationId: string | undefined,
  ) {}

  /** Starts a span (a timed step: retrieval, a tool call, a chain). Call `end()` on it. */
  span(params: TSpanParams = {}): SpanClient {
    const id = params.id ?? randomId();
    this.emit("span-create", { startTime: now(), ...normalize(params), ...this.link(), id });
    return new SpanClient(this.emit, this.traceId, id);
  }

  /** Starts a generation (one model call). Call `end({ output, usage })` on it. */
  generation(params: TGenerationParams = {}): GenerationClient {
    const id = params.id ?? randomId();
    this.emit("generation-create", { startTime: now(), ...normalize(params), ...this.link(), id });
    return new GenerationClient(this.emit, this.traceId, id);
  }

  /** Records a point-in-time event; returns its id. */
  event(params: TEventParams = {}): string {
    const id = params.id ?? randomId();
    this.emit("event-create", { startTime: now(), ...normalize(params), ...this.link(), id });
    return id;
  }

  private link(): { traceId: string; parentObservationId?: string } {
    return this.parentObservationId === undefined
      ? { traceId: this.traceId }
      : { traceId: this.traceId, parentObservationId: this.parentObservationId };
  }
}

export class TraceClient extends ObservationParent {
  constructor(
    emit: TEmit,
    readonly id: string,
  ) {
    super(emit, id, undefined);
  }

  /** Sets fields of the trace (later values win field by field on the server; tags accumulate). */
  update(params: TTraceUpdateParams): this {
    this.emit("trace-create", { ...normalize(params), id: this.id });
    return this;
  }

  /**
   * Marks the trace complete (`endTime`, now unless given) with any final fields: online
   * evaluators judge it right away instead of waiting for the project's idle timeout.
   */
  end(params: TTraceUpdateParams = {}): void {
    this.emit("trace-create", { ...normalize({ ...params, endTime: params.endTime ?? now() }), id: this.id });
  }

  /** Scores the trace (or one observation of it with `observationId`); returns the score id. */
  score(params: TScoreParams): string {
    const id = params.id ?? randomId();
    this.emit("score-create", { ...normalize(params), traceId: this.id, id });
    return id;
  }

  /** End-user feedback on the trace; returns the feedback id. */
  feedback(params: TFeedbackParams): string {
    const id = params.id ?? randomId();
    this.emit("feedback-create", { ...normalize(params), traceId: this.id, id });
    return id;
  }
}

abstract class ObservationClient extends ObservationParent {
  protected abstract readonly updateType: "span-update" | "generation-update";

  constructor(
    emit: TEmit,
    traceId: string,
    readonly id: string,
  ) {
    super(emit, traceId, id);
  }

  /** Scores this observation; returns the score id. */
  score(params: TObservationScoreParams): string {
    const id = params.id ?? randomId();
    this.emit("score-create", { ...normalize(params), traceId: this.traceId, observationId: this.id, id });
    return id;
  }

  protected sendUpdate(params: object, end: boolean): void {
    const body = normalize(params);
    if (end && body.endTime === undefined) body.endTime = now();
    this.emit(this.updateType, { ...body, traceId: this.traceId, id: this.id });
  }
}

export class SpanClient extends ObservationClient {
  protected readonly updateType = "span-update" as const;

  update(params: TSpanEndParams): this {
    this.sendUpdate(params, false);
    return this;
  }

  /** Sets `endTime` (now unless given) with any final fields: output, level, statusMessage... */
  end(params: TSpanEndParams = {}): void {
    this.sendUpdate(params, true);
  }
}

export class GenerationClient extends ObservationClient {
  protected readonly updateType = "generation-update" as const;

  update(params: TGenerationEndParams): this {
    this.sendUpdate(params, false);
    return this;
  }

  /** Sets `endTime` (now unless given) with the output, usage, cost... */
  end(params: TGenerationEndParams = {}): void {
    this.sendUpdate(params, true);
  }
}
