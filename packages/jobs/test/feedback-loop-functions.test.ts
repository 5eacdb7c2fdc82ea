import { InngestTestEngine } from "@inngest/test";
import { describe, expect, it } from "vitest";
import { annotationFillFn } from "../src/functions/annotation-fill.cron";
import { candidateBackfillFn } from "../src/functions/candidate-backfill";
import { candidateDedupeFn } from "../src/functions/candidate-dedupe.cron";

// The feedback-loop functions in-process (@inngest/test): one step per side effect, results passed on.

describe("candidate-dedupe", () => {
  it("runs one dedupe step per project that has unchecked candidates", async () => {
    const t = new InngestTestEngine({ function: candidateDedupeFn });
    const { result, ctx } = await t.execute({
      steps: [
        { id: "projects", handler: () => ["p1", "p2"] },
        { id: "dedupe-p1", handler: () => ({ method: "tf-idf", compared: 3, merged: 1, groups: 1 }) },
        { id: "dedupe-p2", handler: () => ({ method: "embedding", compared: 2, merged: 0, groups: 0 }) },
      ],
    });
    expect(result).toEqual({
      results: [
        { projectId: "p1", method: "tf-idf", merged: 1 },
        { projectId: "p2", method: "embedding", merged: 0 },
      ],
    });
    expect(ctx.step.run.mock.calls.map((c: unknown[]) => c[0])).toEqual(["projects", "dedupe-p1", "dedupe-p2"]);
  });
});

describe("candidate-backfill", () => {
  it("backfills, then dedupes", async () => {
    const t = new InngestTestEngine({ function: candidateBackfillFn });
    const { result } = await t.execute({
      events: [{ name: "yardstick/candidates.backfill.requested", data: { projectId: "p1", days: 30 } }],
      steps: [
        { id: "backfill", handler: () => ({ scanned: 4, counted: 4, created: ["a", "b"] }) },
        { id: "dedupe", handler: () => ({ method: "tf-idf", compared: 2, merged: 0, groups: 0 }) },
      ],
    });
    expect(result).toMatchObject({ scanned: 4, counted: 4, created: 2 });
  });

  it("refuses a backfill of more than a year (event schema)", async () => {
    const t = new InngestTestEngine({ function: candidateBackfillFn });
    const { error } = await t.execute({
      events: [{ name: "yardstick/candidates.backfill.requested", data: { projectId: "p1", days: 9999 } }],
    });
    expect(String((error as Error).message ?? error)).toMatch(/days/);
  });
});

describe("annotation-fill", () => {
  it("sums what the fill step added", async () => {
    const t = new InngestTestEngine({ function: annotationFillFn });
    const { result } = await t.execute({
      steps: [
        {
          id: "fill",
          handler: () => [
            { queueId: "q1", added: 3 },
            { queueId: "q2", added: 0 },
          ],
        },
      ],
    });
    expect(result).toEqual({ queues: 2, added: 3 });
  });
});
