import { expect, it } from "vitest";
import { EXPECTED, runAgainstYardstick } from "./instrumentations/harness";
import { runLangfuse } from "./instrumentations/langfuse";
import { SCENARIO } from "./instrumentations/scenario";

it("Langfuse SDK v5 configured only with base URL and key pair (HTTP Basic) lands a complete trace", async () => {
  const { traces, observations, generations } = await runAgainstYardstick(runLangfuse);
  expect(traces).toHaveLength(1);
  expect(traces[0]).toMatchObject({
    name: "support-turn",
    userId: SCENARIO.userId,
    sessionId: SCENARIO.sessionId,
    tags: ["support"],
    input: { question: SCENARIO.question },
    output: { answer: SCENARIO.answer },
    inputTokens: EXPECTED.inputTokens,
    outputTokens: EXPECTED.outputTokens,
  });
  expect(traces[0]!.totalCost as number).toBeCloseTo(EXPECTED.cost, 12);
  // root span, the Langfuse generation, and the Anthropic SDK's own span beside it (not counted twice)
  expect(observations.map((o) => `${o.type} ${o.name}`).sort()).toEqual([
    "GENERATION anthropic-messages",
    "SPAN anthropic.messages.create",
    "SPAN handle-question",
  ]);
  expect(generations[0]).toMatchObject({
    model: SCENARIO.model,
    inputTokens: EXPECTED.inputTokens,
    outputTokens: EXPECTED.outputTokens,
    promptName: SCENARIO.promptName,
    promptVersion: SCENARIO.promptVersion,
    costSource: "computed",
    input: [
      { role: "system", content: SCENARIO.system },
      { role: "user", content: SCENARIO.question },
    ],
    output: { role: "assistant", content: SCENARIO.answer },
  });
});
