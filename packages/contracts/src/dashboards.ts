import { z } from "zod";

// Dashboard query: one time range and filter bar for every panel, and an optional comparison of
// two releases or two prompt versions.

const ZText = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .refine((s) => !s.includes("\u0000"), "must not contain a NUL character (\\u0000)");

export const DASHBOARD_RANGES = ["24h", "7d", "30d", "90d", "custom"] as const;

export const ZDashboardFilters = z.strictObject({
  environment: ZText(40).optional(),
  release: ZText(200).optional(),
  model: ZText(200).optional(),
  name: ZText(1000).optional(),
  promptName: ZText(200).optional(),
  promptVersion: z.coerce.number().int().positive().max(2147483647).optional(),
  tags: z.array(ZText(200)).max(20).optional(),
  userId: ZText(200).optional(),
});

export const ZDashboardQuery = z
  .strictObject({
    range: z.enum(DASHBOARD_RANGES).default("7d"),
    from: z.coerce.date({ error: "must be an ISO date-time" }).optional(),
    to: z.coerce.date({ error: "must be an ISO date-time" }).optional(),
    filters: ZDashboardFilters.default({}),
    /** Share of scores below this value (quality panel). */
    scoreThreshold: z.coerce.number().min(-1e6).max(1e6).default(0.5),
    compare: z
      .strictObject({
        dimension: z.enum(["release", "prompt"]),
        /** A release name, or "promptName@version" for prompts. */
        a: ZText(300),
        b: ZText(300),
      })
      .optional(),
  })
  .refine((q) => q.range !== "custom" || (q.from && q.to), {
    message: "a custom range needs from and to",
    path: ["from"],
  })
  .refine((q) => !(q.from && q.to) || q.from < q.to, { message: "from must be before to", path: ["from"] })
  .refine((q) => !q.from || !q.to || q.to.getTime() - q.from.getTime() <= 400 * 86_400_000, {
    message: "a range may span at most 400 days",
    path: ["to"],
  })
  .refine((q) => q.compare?.dimension !== "prompt" || [q.compare.a, q.compare.b].every((v) => /@\d+$/.test(v)), {
    message: "prompt versions are compared as name@version",
    path: ["compare", "a"],
  });
export type TDashboardQueryInput = z.input<typeof ZDashboardQuery>;
export type TDashboardQuery = z.output<typeof ZDashboardQuery>;
export type TDashboardFilters = z.output<typeof ZDashboardFilters>;
