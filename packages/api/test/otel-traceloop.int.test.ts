import { expect, it } from "vitest";
import { EXPECTED, runAgainstYardstick } from "./instrumentations/harness";
import { runTraceloop } from "./instrumentations/traceloop";
import { SCENARIO } from "./instrumentations/scenario";

it("OpenLLMetry (Traceloop SDK) with base URL and API key lands a complete trace", async () => {
  const { traces, observations, generations } = await runAgainstYardstick(runTraceloop);
  expect(traces).toHaveLength(1);
  expect(traces[0]).toMatchObject({
    name: "answer_question",
    userId: SCENARIO.userId,
    sessionId: SCENARIO.sessionId,
    inputTokens: EXPECTED.inputTokens,
    outputTokens: EXPECTED.outputTokens,
  });
  expect(traces[0]!.totalCost as number).toBeCloseTo(EXPECTED.cost, 12);
  expect(observations.map((o) => `${o.type} ${o.name}`).sort()).toEqual([
    "GENERATION chat claude-sonnet-4-6",
    "SPAN answer_question.workflow",
    "SPAN anthropic.messages.create",
  ]);
  expect(generations[0]).toMatchObject({
    model: SCENARIO.model,
    input: {
      system: [{ type: "text", content: SCENARIO.system }],
      messages: [{ role: "user", parts: [{ type: "text", content: SCENARIO.question }] }],
    },
    output: [{ role: "assistant", finish_reason: "stop", parts: [{ type: "text", content: SCENARIO.answer }] }],
  });
});
