import { signBody } from "./signing";

// One call request to the app's serve route (SDK spec 4.4) and what its answer means.

export type TOp = {
  id: string;
  op: string;
  name?: string;
  displayName?: string;
  opts?: Record<string, unknown>;
  data?: unknown;
  error?: unknown;
};

export type TCallOutcome =
  | { kind: "ops"; ops: TOp[]; retryAfter: string | null }
  | { kind: "complete"; output: unknown }
  | { kind: "error"; retriable: boolean; retryAfter: string | null; error: unknown };

export type TCallRequest = {
  url: string;
  signingKey: string;
  /** Hashed id of a planned step to run, else the SDK discovers the next step itself. */
  stepId?: string;
  timeoutMs: number;
  body: {
    event: unknown;
    steps: Record<string, unknown>;
    stack: string[];
    runId: string;
    attempt: number;
    maxAttempts: number;
    disableImmediateExecution: boolean;
  };
};

export async function callFunction(req: TCallRequest): Promise<TCallOutcome> {
  const b = req.body;
  // No ctx.fn_id / ctx.qi_id: without them the SDK does not checkpoint (it would post step
  // results to the server's /v1/checkpoint API) and reports every step in its answer instead.
  const body = {
    event: b.event,
    events: [b.event],
    steps: b.steps,
    ctx: {
      run_id: b.runId,
      attempt: b.attempt,
      max_attempts: b.maxAttempts,
      disable_immediate_execution: b.disableImmediateExecution,
      use_api: false,
      stack: { stack: b.stack, current: Math.max(b.stack.length - 1, 0) },
    },
    version: 2,
  };
  const url = new URL(req.url);
  if (req.stepId) url.searchParams.set("stepId", req.stepId);
  let res: Response;
  try {
    res = await fetch(url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-inngest-signature": signBody(body, req.signingKey),
        "x-inngest-server-kind": "cloud",
      },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(req.timeoutMs),
    });
  } catch (err) {
    return {
      kind: "error",
      retriable: true,
      retryAfter: null,
      error: { name: "CallFailed", message: `calling ${url.origin}${url.pathname}: ${(err as Error).message}` },
    };
  }
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = { name: "BadResponse", message: text.slice(0, 500) };
  }
  const retryAfter = res.headers.get("retry-after");
  if (res.status === 206)
    return { kind: "ops", ops: Array.isArray(json) ? (json as TOp[]) : [json as TOp], retryAfter };
  if (res.status === 200) return { kind: "complete", output: json };
  const noRetry = res.headers.get("x-inngest-no-retry") === "true";
  const error =
    json && typeof json === "object" && "message" in json
      ? json
      : { name: `HTTP ${res.status}`, message: text.slice(0, 500) };
  return { kind: "error", retriable: !noRetry, retryAfter, error };
}
