import { z } from "zod";
import { MAX_INGEST_BATCH_EVENTS, ZTraceBody } from "@yardstick/contracts/ingest";
import type { YardstickError } from "./errors";

type TFetch = typeof globalThis.fetch;

const ZFunction = <T>() => z.custom<T>((v) => typeof v === "function", "must be a function");

export const ZYardstickOptions = z.object({
  /** Where Yardstick runs, e.g. `https://yardstick.example.com`. */
  baseUrl: z.url().transform((u) => u.replace(/\/+$/, "")),
  /** A project API key's secret (`ys_sk_...`); a `feedback`-scoped key in browsers. */
  apiKey: z.string().min(1, "apiKey is required"),
  /** Send as soon as this many events are queued. */
  flushAt: z.number().int().min(1).max(MAX_INGEST_BATCH_EVENTS).default(50),
  /** ...or this long after the first unsent event. */
  flushIntervalMs: z.number().int().min(1).max(3_600_000).default(1000),
  /** Past this many unsent events the oldest are dropped (and counted). */
  maxQueueSize: z.number().int().min(1).max(1_000_000).default(10_000),
  /** Retries of one request on 429, 5xx, timeouts and network errors. */
  maxRetries: z.number().int().min(0).max(50).default(8),
  /** Per-request timeout. */
  timeoutMs: z.number().int().min(1).max(600_000).default(10_000),
  /** Requests in flight at once. */
  concurrency: z.number().int().min(1).max(8).default(1),
  /** Default `environment` of traces. */
  environment: ZTraceBody.shape.environment,
  /** Default `release` of traces. */
  release: ZTraceBody.shape.release,
  fetch: ZFunction<TFetch>().optional(),
  /** Receives every error the SDK swallows (it never throws into the host). */
  onError: ZFunction<(error: YardstickError) => void>().optional(),
  /** Log requests and errors with console.debug / console.warn. */
  debug: z.boolean().default(false),
  /** `false` makes every call a no-op (e.g. in tests of the host application). */
  enabled: z.boolean().default(true),
  /**
   * getVariant: "remote" asks the server per call; "local" caches the experiment configs, evaluates
   * the hash in process and reports exposures in batches (interleaving always asks the server).
   */
  assignmentMode: z.enum(["remote", "local"]).default("remote"),
  /** Node only: flush and shut down on `beforeExit`. */
  registerExitHandlers: z.boolean().default(false),
});

export type TYardstickOptions = z.input<typeof ZYardstickOptions>;
export type TResolvedOptions = z.output<typeof ZYardstickOptions>;
