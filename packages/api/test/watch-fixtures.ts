import { randomUUID } from "node:crypto";
import { ingestEvents } from "@yardstick/server/services/ingestion";

// Traffic for drift and alert tests: a reference period of short English refund questions that
// score well, and a report window with a synthetic shift (longer inputs, a new topic in Spanish)
// answered by a lower-scoring prompt.

const HOUR = 3600_000;

export type TSeedTrace = {
  at: Date;
  input: string;
  output: string;
  score?: { name: string; value: number };
  error?: boolean;
};

export async function ingestTraces(projectId: string, traces: TSeedTrace[]) {
  for (let i = 0; i < traces.length; i += 200) {
    const batch = traces.slice(i, i + 200).flatMap((t) => {
      const id = randomUUID();
      const ts = t.at.toISOString();
      const ev: Array<Record<string, unknown>> = [
        {
          id: randomUUID(),
          type: "trace-create",
          timestamp: ts,
          body: { id, timestamp: ts, name: "support", input: t.input, output: t.output },
        },
      ];
      if (t.error) {
        ev.push({
          id: randomUUID(),
          type: "generation-create",
          timestamp: ts,
          body: {
            id: randomUUID(),
            traceId: id,
            startTime: ts,
            endTime: ts,
            level: "ERROR",
            model: "claude-sonnet-4-6",
          },
        });
      }
      if (t.score)
        ev.push({
          id: randomUUID(),
          type: "score-create",
          timestamp: ts,
          body: { traceId: id, name: t.score.name, value: t.score.value },
        });
      return ev;
    });
    const res = await ingestEvents({ id: "k", projectId, scopes: ["ingest"] }, { batch });
    if (res.errors.length) throw new Error(JSON.stringify(res.errors.slice(0, 3)));
  }
}

const REF_Q = [
  "How do I get a refund for my order",
  "Where is my refund for the order I returned",
  "Can I get a refund on this order",
];
const NEW_Q = [
  "No puedo transferir dinero desde mi billetera de cripto, la transferencia de cripto falla siempre y necesito ayuda con la billetera",
  "La billetera de cripto no muestra mi saldo después de la transferencia, por favor ayuda con la billetera y la transferencia",
];

/** `n` reference traces spread over [now-8d, now-1d) and `n` shifted ones over the last 20 hours. */
export function driftScenario(now: number, n = 140, scoreName = "helpfulness"): TSeedTrace[] {
  const ref: TSeedTrace[] = Array.from({ length: n }, (_, i) => ({
    at: new Date(now - 24 * HOUR - 2 * HOUR - Math.floor((i / n) * 6.5 * 24) * HOUR),
    input: `${REF_Q[i % REF_Q.length]} #${i}?`,
    output: "You can request a refund from the orders page.",
    score: { name: scoreName, value: i % 4 === 0 ? 5 : 4 },
  }));
  const cur: TSeedTrace[] = Array.from({ length: n }, (_, i) => ({
    at: new Date(now - HOUR - Math.floor((i / n) * 19) * HOUR),
    input: i % 2 ? `${NEW_Q[i % NEW_Q.length]} (${i})` : `${REF_Q[i % REF_Q.length]} #${i}?`,
    output:
      "Lo siento, no puedo ayudar con eso en este momento. Por favor intente de nuevo más tarde o contacte a soporte.",
    score: { name: scoreName, value: i % 2 ? 2 : 3 },
  }));
  return [...ref, ...cur];
}

/** Polls `f` until `ok` (a report leaves "running", an alert fires); fails after `ms` naming `what`. */
export async function waitFor<T>(f: () => Promise<T>, ok: (t: T) => boolean, what: string, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v).slice(0, 500)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
