// The messages.stream path of wrapAnthropic: observing a MessageStream's events, end and errors.
import { invokeRecorded, type TFn, type TMessageLike, type TWrapAnthropicOptions } from "./anthropic-shared";
import type { Yardstick } from "./client";

type TMessageStreamLike = {
  on?: (event: string, fn: (...a: unknown[]) => void) => unknown;
  done?: () => Promise<void>;
  _emit?: (event: string, ...args: unknown[]) => unknown;
  errored?: boolean;
  aborted?: boolean;
  receivedMessages?: TMessageLike[];
  currentMessage?: TMessageLike;
};

export function tracedStream(target: object, original: TFn, ys: Yardstick, opts: TWrapAnthropicOptions): TFn {
  return function (this: unknown, ...args: unknown[]) {
    const { call, result } = invokeRecorded(ys, opts, "stream", target, original, args);
    if (!call) return result;
    const rec = call;
    try {
      const s = result as TMessageStreamLike;
      if (typeof s?.on !== "function") return result;
      // An 'error' listener would silence the SDK's unhandled-rejection for hosts that ignore
      // errors, so the error is read off _emit instead and the end is observed with 'end'.
      let failure: { error: unknown } | undefined;
      const emit = s._emit;
      if (typeof emit === "function") {
        s._emit = function (this: unknown, event: string, ...rest: unknown[]) {
          if ((event === "error" || event === "abort") && !failure) failure = { error: rest[0] };
          return emit.call(this, event, ...rest);
        };
      }
      s.on("streamEvent", (ev: unknown) => {
        if ((ev as { type?: string } | null)?.type === "content_block_delta") rec.firstToken();
      });
      s.on("end", () => {
        try {
          if (failure) return rec.fail(failure.error, s.currentMessage);
          if (!s.errored && !s.aborted) return rec.succeed(s.receivedMessages?.at(-1) ?? s.currentMessage);
          // Without _emit (another SDK version) the error is read from done(); the end promise is already settled.
          void s.done?.().then(
            () => rec.succeed(s.currentMessage),
            (e: unknown) => rec.fail(e, s.currentMessage),
          );
        } catch (e) {
          ys.reportInternal("wrapAnthropic", e);
        }
      });
    } catch (e) {
      ys.reportInternal("wrapAnthropic", e);
    }
    return result;
  };
}
