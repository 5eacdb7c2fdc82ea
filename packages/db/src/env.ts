import { z } from "zod";

// The one place packages/db reads its environment.
const ZDbEnv = z.object({
  DATABASE_URL: z.string().url().optional(),
  DATABASE_POOL_MAX: z.coerce.number().int().positive().optional(),
  YARDSTICK_DATA_DIR: z.string().min(1).optional(),
});

export type TDbEnv = z.infer<typeof ZDbEnv>;

export function readDbEnv(env: NodeJS.ProcessEnv = process.env): TDbEnv {
  const parsed = ZDbEnv.safeParse({
    DATABASE_URL: env.DATABASE_URL || undefined,
    DATABASE_POOL_MAX: env.DATABASE_POOL_MAX || undefined,
    YARDSTICK_DATA_DIR: env.YARDSTICK_DATA_DIR || undefined,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`Invalid database environment: ${issue?.path.join(".")}: ${issue?.message}`);
  }
  return parsed.data;
}
