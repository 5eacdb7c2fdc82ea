import { TRPCError } from "@trpc/server";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { MAX_BATCH_SIZE, mustNotBatch } from "./batching";
import { RateLimitedError } from "@yardstick/server";
import { appRouter } from "./root";
import type { Context } from "./trpc";

/**
 * The tRPC fetch handler with the transport rules of issue 12: batches of at most
 * MAX_BATCH_SIZE calls, no batching of auth/account procedures, and `Retry-After` on 429s.
 */
export function handleTrpcRequest(req: Request, opts: { endpoint: string; createContext: () => Promise<Context> }) {
  return fetchRequestHandler({
    endpoint: opts.endpoint,
    req,
    router: appRouter,
    maxBatchSize: MAX_BATCH_SIZE,
    createContext: async ({ info }) => {
      if (info.isBatchCall && info.calls.length > 1 && info.calls.some((c) => mustNotBatch(c.path))) {
        throw new TRPCError({
          code: "BAD_REQUEST",
          message: "Sign-up and account calls cannot be batched: send them one per request",
        });
      }
      return opts.createContext();
    },
    responseMeta({ errors }) {
      const waits = errors.flatMap((e) =>
        e.cause instanceof RateLimitedError && e.cause.retryAfterS !== undefined ? [e.cause.retryAfterS] : [],
      );
      return waits.length ? { headers: { "Retry-After": String(Math.max(...waits)) } } : {};
    },
  });
}
