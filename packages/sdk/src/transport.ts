// The client's transport: POSTing one batch, retries with backoff honouring Retry-After, error classification.
import { ZIngestionResponse } from "@yardstick/contracts/ingest";
import type { TResolvedOptions } from "./config";
import { describeError, type TYardstickErrorCode } from "./errors";
import { parseRetryAfterMs, retryDelayMs } from "./retry";

/** One serialized event of a batch. */
export type TBatchEvent = { id: string; json: string };
/** The client's counters that delivery moves. */
export type TDeliveryCounts = { sent: number; failed: number; retries: number };
export type TReport = (
  code: TYardstickErrorCode,
  message: string,
  extra?: { status?: number; eventIds?: string[]; cause?: unknown },
) => void;

/** `{"batch":[` + `]}` */
export const ENVELOPE_BYTES = 12;

type TAttempt =
  | { kind: "ok"; status: number; rejected: { id: string; status: number; message: string }[] }
  | { kind: "retry"; status?: number; retryAfterMs?: number; message: string }
  | { kind: "split"; status: number; message: string }
  | { kind: "fatal"; status: number; message: string };

export type THandle = ReturnType<typeof setTimeout>;

export function unref(handle: THandle): THandle {
  (handle as { unref?: () => void }).unref?.();
  return handle;
}

/** Sends batches to the ingestion endpoint, counting and reporting through the client. */
export class Transport {
  private readonly url: string;

  constructor(
    private readonly opts: TResolvedOptions,
    private readonly counts: TDeliveryCounts,
    private readonly report: TReport,
    private readonly debug: (message: string) => void,
  ) {
    this.url = `${opts.baseUrl}/api/public/ingestion`;
  }

  /** Sends one batch until it is delivered or definitively failed. Retries reuse the same event ids. */
  async deliver(batch: TBatchEvent[]): Promise<void> {
    const opts = this.opts;
    let items = batch;
    for (let attempt = 0; ; attempt++) {
      const r = await this.post(items);
      const ids = () => items.map((i) => i.id);
      if (r.kind === "ok") {
        // Per-event 4xx are final; a per-event 5xx is the server's trouble, so those events are retried.
        const retryable = new Set<string>();
        let rejected = 0;
        for (const e of r.rejected) {
          if (e.status >= 500 && attempt < opts.maxRetries) {
            retryable.add(e.id);
            continue;
          }
          rejected += 1;
          this.report("event_rejected", `event ${e.id} refused (${e.status}): ${e.message}`, {
            status: e.status,
            eventIds: [e.id],
          });
        }
        const again = items.filter((i) => retryable.has(i.id));
        this.counts.sent += Math.max(0, items.length - rejected - again.length);
        this.counts.failed += rejected;
        if (again.length === 0) return;
        items = again;
        this.counts.retries += 1;
        await this.sleep(retryDelayMs(attempt, undefined));
        continue;
      }
      if (r.kind === "split") {
        if (items.length === 1) {
          this.counts.failed += 1;
          this.report("event_too_large", `event dropped, the server refused it as too large (${r.status})`, {
            status: r.status,
            eventIds: ids(),
          });
          return;
        }
        const half = Math.ceil(items.length / 2);
        await this.deliver(items.slice(0, half));
        await this.deliver(items.slice(half));
        return;
      }
      if (r.kind === "fatal" || attempt >= opts.maxRetries) {
        this.counts.failed += items.length;
        const why = r.kind === "fatal" ? r.message : `${r.message}; gave up after ${attempt + 1} attempts`;
        this.report("request_failed", `${items.length} events not delivered: ${why}`, {
          ...(r.status === undefined ? {} : { status: r.status }),
          eventIds: ids(),
        });
        return;
      }
      this.counts.retries += 1;
      const delay = retryDelayMs(attempt, r.retryAfterMs);
      this.debug(`retry ${attempt + 1}/${opts.maxRetries} in ${delay} ms after ${r.message}`);
      await this.sleep(delay);
    }
  }

  private async post(items: TBatchEvent[]): Promise<TAttempt> {
    const opts = this.opts;
    const body = `{"batch":[${items.map((i) => i.json).join(",")}]}`;
    const doFetch = opts.fetch ?? globalThis.fetch;
    let res: Response;
    try {
      res = await doFetch(this.url, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${opts.apiKey}` },
        body,
        signal: AbortSignal.timeout(opts.timeoutMs),
      });
    } catch (e) {
      return { kind: "retry", message: `network error: ${describeError(e)}` };
    }
    let text = "";
    try {
      text = await res.text();
    } catch (e) {
      if (res.ok) return { kind: "retry", status: res.status, message: `reading the answer: ${describeError(e)}` };
    }
    const status = res.status;
    this.debug(`POST ${this.url} ${items.length} events → ${status}`);
    if (res.ok) {
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      const parsed = ZIngestionResponse.safeParse(json);
      return { kind: "ok", status, rejected: parsed.success ? parsed.data.errors : [] };
    }
    const message = `HTTP ${status}${text ? `: ${text.slice(0, 500)}` : ""}`;
    if (status === 413) return { kind: "split", status, message };
    if (status === 408 || status === 429 || status >= 500) {
      const retryAfterMs = parseRetryAfterMs(res.headers.get("retry-after"));
      return retryAfterMs === undefined
        ? { kind: "retry", status, message }
        : { kind: "retry", status, retryAfterMs, message };
    }
    return { kind: "fatal", status, message };
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => unref(setTimeout(resolve, ms)));
  }
}
