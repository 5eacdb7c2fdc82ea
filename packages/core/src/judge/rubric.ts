import { z } from "zod";

/** Anchored 1–5 scale used when a rubric does not define its own. */
export const DEFAULT_ANCHORS: Record<string, string> = {
  1: "Fails the task: wrong, irrelevant, unsafe, or does not attempt it.",
  2: "Major problems: attempts the task but with significant errors or omissions.",
  3: "Acceptable: addresses the task with minor errors or omissions.",
  4: "Good: correct and complete, with only trivial issues.",
  5: "Excellent: correct, complete and clear; nothing meaningful to improve.",
};

export const ZScale = z
  .object({
    min: z.number().int(),
    max: z.number().int(),
    /** Description of what each level means, keyed by level ("1": "…"). Must anchor at least min and max. */
    anchors: z.record(z.string().regex(/^-?\d+$/, "anchor keys must be integer levels"), z.string().min(1)),
  })
  .strict()
  .superRefine((s, ctx) => {
    if (s.max <= s.min) ctx.addIssue({ code: "custom", path: ["max"], message: "must be greater than min" });
    if (s.max - s.min > 100) ctx.addIssue({ code: "custom", path: ["max"], message: "a scale has at most 101 levels" });
    for (const k of Object.keys(s.anchors)) {
      const v = Number(k);
      if (v < s.min || v > s.max)
        ctx.addIssue({ code: "custom", path: ["anchors", k], message: `level ${k} is outside ${s.min}..${s.max}` });
    }
    for (const end of [s.min, s.max]) {
      if (s.anchors[String(end)] === undefined)
        ctx.addIssue({ code: "custom", path: ["anchors"], message: `must describe level ${end}` });
    }
  });
export type TScale = z.infer<typeof ZScale>;

export const DEFAULT_SCALE: TScale = { min: 1, max: 5, anchors: DEFAULT_ANCHORS };

export const ZRubric = z
  .object({
    name: z.string().trim().min(1).max(200),
    /** What is being judged, in a sentence or two. */
    description: z.string().max(4000).optional(),
    /** What the judge should weigh, one criterion per entry. */
    criteria: z.array(z.string().trim().min(1).max(2000)).max(50).default([]),
    scale: ZScale.default(DEFAULT_SCALE),
  })
  .strict();
export type TRubric = z.infer<typeof ZRubric>;
export type TRubricInput = z.input<typeof ZRubric>;

/** Integer levels of a scale, ascending. */
export function scaleLevels(scale: TScale): number[] {
  return Array.from({ length: scale.max - scale.min + 1 }, (_, i) => scale.min + i);
}

/** The rubric as text for a judge's system prompt. */
export function formatRubric(rubric: TRubric): string {
  const lines = [`Rubric: ${rubric.name}`];
  if (rubric.description) lines.push("", rubric.description);
  if (rubric.criteria.length > 0) {
    lines.push("", "Criteria:");
    rubric.criteria.forEach((c, i) => lines.push(`${i + 1}. ${c}`));
  }
  lines.push("", `Scale: integers from ${rubric.scale.min} (worst) to ${rubric.scale.max} (best).`);
  for (const level of scaleLevels(rubric.scale)) {
    const a = rubric.scale.anchors[String(level)];
    if (a !== undefined) lines.push(`${level}: ${a}`);
  }
  return lines.join("\n");
}
