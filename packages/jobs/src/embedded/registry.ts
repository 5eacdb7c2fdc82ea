import type { TJobFunctionInput, listJobFunctions } from "@yardstick/db";
import { z } from "zod";
import { compileCondition, compileKey } from "./expressions";

// What the executor knows of a synced function: the SDK's register payload (SDK spec 4.3.2),
// checked for what the embedded executor implements.

const ZTrigger = z.union([
  z.object({ event: z.string().min(1), expression: z.string().optional() }),
  z.object({ cron: z.string().min(1), jitter: z.string().optional() }),
]);
const ZConcurrencyOption = z.object({
  limit: z.number().int().min(0),
  key: z.string().optional(),
  scope: z.enum(["fn", "env", "account"]).optional(),
});
// As the SDK registers it: a number, one option, or up to two options.
const ZConcurrency = z.union([
  z.number().int().min(0),
  ZConcurrencyOption.transform((o) => [o]),
  z.array(ZConcurrencyOption).max(2),
]);
const ZFunction = z
  .object({
    id: z.string().min(1),
    name: z.string().optional(),
    triggers: z.array(ZTrigger),
    steps: z.record(
      z.string(),
      z.object({
        runtime: z.object({ url: z.string().url() }),
        retries: z.object({ attempts: z.number().int().min(0).max(20) }).optional(),
      }),
    ),
    concurrency: ZConcurrency.optional(),
  })
  .passthrough();
export const ZRegisterBody = z.object({
  url: z.string().url(),
  appName: z.string().min(1),
  functions: z.array(ZFunction),
});

const UNSUPPORTED = [
  "idempotency",
  "batchEvents",
  "rateLimit",
  "throttle",
  "debounce",
  "priority",
  "singleton",
  "cancel",
  "timeouts",
];
const DEFAULT_RETRIES = 4;

/** The register payload → rows to store; throws a message naming what is not supported. */
export function parseRegistration(body: unknown): { appName: string; functions: TJobFunctionInput[] } {
  const parsed = ZRegisterBody.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`invalid register payload: ${issue?.path.join(".")}: ${issue?.message}`);
  }
  const functions = parsed.data.functions.map((fn) => {
    const extra = UNSUPPORTED.filter((k) => fn[k] !== undefined && fn[k] !== null);
    if (extra.length) throw new Error(`function ${fn.id}: ${extra.join(", ")} not supported by the embedded executor`);
    const step = fn.steps.step;
    if (!step) throw new Error(`function ${fn.id}: no "step" runtime`);
    const row = {
      id: fn.id,
      name: fn.name ?? null,
      url: step.runtime.url,
      triggers: fn.triggers,
      concurrency: fn.concurrency ?? null,
      maxAttempts: (step.retries?.attempts ?? DEFAULT_RETRIES) + 1,
    };
    try {
      toFunctionDef(row); // refuses expressions and keys it cannot evaluate
    } catch (err) {
      throw new Error(`function ${fn.id}: ${(err as Error).message}`, { cause: err });
    }
    return row;
  });
  return { appName: parsed.data.appName, functions };
}

export type TFunctionDef = {
  id: string;
  url: string;
  maxAttempts: number;
  cronCursor: Date | null;
  events: { name: string; matches: (event: { name: string; data?: unknown }) => boolean }[];
  crons: string[];
  /** Limit on runs of the function holding a slot at once (a limit without a key). */
  fnLimit: number | null;
  /** Limit per value of a key evaluated on the event (scope "fn"; env/account are treated alike). */
  keyLimit: { limit: number; key: (event: { data?: unknown }) => string } | null;
};

type TRow = Pick<
  Awaited<ReturnType<typeof listJobFunctions>>[number],
  "id" | "url" | "triggers" | "concurrency" | "maxAttempts"
> & {
  cronCursor?: Date | null;
};

export function toFunctionDef(row: TRow): TFunctionDef {
  const triggers = z.array(ZTrigger).parse(row.triggers);
  const concurrency = ZConcurrency.nullable().parse(row.concurrency ?? null);
  const limits = typeof concurrency === "number" ? [{ limit: concurrency, key: undefined }] : (concurrency ?? []);
  const unkeyed = limits.find((l) => !l.key && l.limit > 0);
  const keyed = limits.find((l) => l.key && l.limit > 0);
  return {
    id: row.id,
    url: row.url,
    maxAttempts: row.maxAttempts,
    cronCursor: row.cronCursor ?? null,
    events: triggers.flatMap((t) => {
      if (!("event" in t)) return [];
      const when = t.expression ? compileCondition(t.expression) : () => true;
      const prefix = t.event.endsWith("*") ? t.event.slice(0, -1) : null;
      return [
        {
          name: t.event,
          matches: (e) => (prefix !== null ? e.name.startsWith(prefix) : e.name === t.event) && when(e),
        },
      ];
    }),
    crons: triggers.flatMap((t) => ("cron" in t ? [t.cron] : [])),
    fnLimit: unkeyed?.limit ?? null,
    keyLimit: keyed?.key ? { limit: keyed.limit, key: compileKey(keyed.key) } : null,
  };
}
