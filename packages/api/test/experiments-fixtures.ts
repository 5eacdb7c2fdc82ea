// Shared setup for the experiment integration tests: a tenant whose Anthropic provider is the fake
// Messages API, a dataset, prompts, graders, and waiting for a run started in the background.
import { expect } from "vitest";
import type { TFakeAnthropicReply, TRecordedRequest } from "@yardstick/llm/testing";
import { gradersTenant, JUDGE } from "./graders-fixtures";

export type TExperimentsTenant = Awaited<ReturnType<typeof experimentsTenant>>;

export const itemKey = (i: number) => `item-${String(i).padStart(3, "0")}`;
export const jsonl = (...rows: unknown[]) => rows.map((r) => JSON.stringify(r)).join("\n") + "\n";

type TBody = { system?: unknown; messages: { content: unknown }[]; tools?: { name: string }[] };
const bodyOf = (req: TRecordedRequest) => req.body as TBody;
export const isJudgeCall = (req: TRecordedRequest) =>
  Boolean(bodyOf(req).tools?.some((t) => t.name === "submit_grade"));
export const systemOf = (req: TRecordedRequest) =>
  typeof bodyOf(req).system === "string" ? (bodyOf(req).system as string) : "";
export const userTextOf = (req: TRecordedRequest) => {
  const c = bodyOf(req).messages[0]?.content;
  return typeof c === "string" ? c : Array.isArray(c) ? c.map((b: { text?: string }) => b.text ?? "").join("") : "";
};
export const judgeGrade = (score: number): TFakeAnthropicReply => ({
  type: "tool_use",
  name: "submit_grade",
  input: { reasoning: `scored ${score}`, strengths: [], weaknesses: [], score },
});

/**
 * A tenant with the fake provider, a dataset of `n` items (`q-000`…; the first `golden` golden, the
 * rest distribution; expected output "echo: q-NNN", the fake's default answer), two prompt
 * versions that differ by system text, an exact-match grader and an LLM judge.
 */
export async function experimentsTenant(n: number, opts: { golden?: number } = {}) {
  const { fake, t, projectId, c } = await gradersTenant();
  const rows = Array.from({ length: n }, (_, i) => ({
    id: itemKey(i),
    input: { question: `q-${String(i).padStart(3, "0")}` },
    expectedOutput: `echo: q-${String(i).padStart(3, "0")}`,
    partition: i < (opts.golden ?? 0) ? "golden" : "distribution",
  }));
  const ds = await c.datasets.create({ projectId, name: "support", description: null });
  await c.datasets.importFile({
    projectId,
    datasetId: ds.id,
    format: "jsonl",
    content: jsonl(...rows),
    mode: "append",
  });
  const base = {
    messages: [{ role: "user" as const, content: "{{question}}" }],
    model: "claude-haiku-4-5",
    params: { maxTokens: 64 },
  };
  const v1 = await c.prompts.createVersion({
    projectId,
    name: "answerer",
    ...base,
    system: "baseline",
    commitMessage: "v1",
  });
  const promptId = v1.prompt.id;
  await c.prompts.createVersion({ projectId, name: "answerer", ...base, system: "candidate", commitMessage: "v2" });
  await c.prompts.setLabel({ projectId, promptId, label: "staging", version: 2 });
  const exact = await c.graders.createVersion({
    projectId,
    name: "exact",
    config: { type: "exact_match" },
    message: "v1",
  });
  const judge = await c.graders.createVersion({ projectId, name: "helpful", config: JUDGE, message: "v1" });
  // Judge calls get a 5 ("helpful") unless a test installs its own handler.
  fake.setHandler((req) => (isJudgeCall(req) ? judgeGrade(5) : undefined));
  return { fake, t, projectId, c, datasetId: ds.id, promptId, exactId: exact.grader.id, judgeId: judge.grader.id };
}

/** Polls until the run is no longer queued or running (runs start in the background on create). */
export async function waitForRun(x: Pick<TExperimentsTenant, "c" | "projectId">, runId: string, timeoutMs = 60_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const p = await x.c.experiments.progress({ projectId: x.projectId, runId });
    if (p.status !== "queued" && p.status !== "running") return x.c.experiments.get({ projectId: x.projectId, runId });
    expect(Date.now(), `run ${runId} still ${p.status} (${p.doneCases}/${p.totalCases})`).toBeLessThan(until);
    await new Promise((r) => setTimeout(r, 50));
  }
}
