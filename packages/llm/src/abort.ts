/**
 * One attempt's deadline: a signal that fires on timeout or when the caller aborts, remembering
 * which, so errors are classified by cause (timeout vs caller abort) rather than by message.
 */
export interface Deadline {
  readonly signal: AbortSignal;
  timedOut(): boolean;
  callerAborted(): boolean;
  dispose(): void;
}

export function deadline(timeoutMs: number, caller?: AbortSignal): Deadline {
  const ctrl = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    ctrl.abort();
  }, timeoutMs);
  const onAbort = () => ctrl.abort();
  if (caller?.aborted) ctrl.abort();
  else caller?.addEventListener("abort", onAbort, { once: true });
  return {
    signal: ctrl.signal,
    timedOut: () => timedOut,
    callerAborted: () => caller?.aborted ?? false,
    dispose() {
      clearTimeout(timer);
      caller?.removeEventListener("abort", onAbort);
    },
  };
}
