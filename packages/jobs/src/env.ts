import { z } from "zod";

// The one place packages/jobs reads its environment. With INNGEST_BASE_URL unset and no
// INNGEST_DEV, `npm start` runs the embedded executor and sets INNGEST_BASE_URL to it.
const ZJobsEnv = z.object({
  INNGEST_BASE_URL: z.string().url().optional(),
  INNGEST_SIGNING_KEY: z
    .string()
    .regex(/^signkey-[\w]+-[0-9a-f]+$/i, "must look like signkey-<env>-<hex>")
    .optional(),
  INNGEST_EVENT_KEY: z.string().min(1).optional(),
  // "1"/"true" or a dev server URL: talk to an Inngest dev server without signatures.
  INNGEST_DEV: z.string().min(1).optional(),
});

export type TJobsEnv = z.infer<typeof ZJobsEnv>;

export function readJobsEnv(env: NodeJS.ProcessEnv = process.env): TJobsEnv {
  const parsed = ZJobsEnv.safeParse({
    INNGEST_BASE_URL: env.INNGEST_BASE_URL || undefined,
    INNGEST_SIGNING_KEY: env.INNGEST_SIGNING_KEY || undefined,
    INNGEST_EVENT_KEY: env.INNGEST_EVENT_KEY || undefined,
    INNGEST_DEV: env.INNGEST_DEV || undefined,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`Invalid jobs environment: ${issue?.path.join(".")}: ${issue?.message}`);
  }
  return parsed.data;
}

/**
 * Which server drives the jobs: an Inngest server when one is named (INNGEST_BASE_URL,
 * INNGEST_DEV) or implied (a signing key without a base URL means Inngest Cloud); otherwise the
 * embedded executor that `npm start` runs.
 */
export function jobsServerKind(env: TJobsEnv): "embedded" | "inngest" {
  return env.INNGEST_BASE_URL || env.INNGEST_DEV || env.INNGEST_SIGNING_KEY ? "inngest" : "embedded";
}
