import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import { listEventJobRuns } from "@yardstick/db";
import { Inngest, type InngestFunction } from "inngest";
import { serve } from "inngest/node";
import { EmbeddedExecutor, VirtualClock } from "../src/embedded";

export type THarness = Awaited<ReturnType<typeof startHarness>>;

/**
 * A real app and the embedded executor, talking real HTTP: the functions are served by the
 * SDK's own `serve()` (inngest/node) on 127.0.0.1, in cloud mode with a fresh signing key; the
 * executor runs on a virtual clock and only when the test calls drain().
 */
export async function startHarness(
  define: (client: Inngest) => InngestFunction.Any[],
  opts: { poolSize?: number; leaseMs?: number; signingKey?: string } = {},
) {
  const signingKey = opts.signingKey ?? `signkey-test-${randomBytes(32).toString("hex")}`;
  const eventKey = `evt-${randomBytes(8).toString("hex")}`;
  const clock = new VirtualClock();
  const executor = await EmbeddedExecutor.start({
    signingKey,
    eventKey,
    clock,
    autoRun: false,
    poolSize: opts.poolSize ?? 8,
    leaseMs: opts.leaseMs ?? 60_000,
    log: () => {},
  });
  const appId = `test-${randomBytes(4).toString("hex")}`;
  const quiet = { info() {}, warn() {}, error() {}, debug() {} };
  const client = new Inngest({ id: appId, baseUrl: executor.url, signingKey, eventKey, isDev: false, logger: quiet });
  const functions = define(client);
  const server = createServer(serve({ client, functions }));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const appUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}/api/inngest`;
  try {
    await executor.sync(appUrl);
  } catch (err) {
    await executor.stop();
    server.closeAllConnections();
    server.close();
    throw err;
  }
  return {
    appId,
    client,
    executor,
    clock,
    appUrl,
    signingKey,
    eventKey,
    /** Sends one event and returns the run it started. */
    async sendOne(name: string, data: Record<string, unknown> = {}) {
      const { ids } = await client.send({ name, data });
      return { eventId: ids[0]!, run: async () => (await listEventJobRuns(ids[0]!))[0]! };
    },
    /** Advances the virtual clock and drives whatever became due. */
    async advance(ms: number) {
      clock.advance(ms);
      return executor.drain();
    },
    async close() {
      // Forget this app's functions so later tests never fire its crons or events.
      await executor.register({ url: appUrl, appName: appId, functions: [] });
      await executor.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A promise the test resolves by hand (to hold a step open). */
export function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}
