import { expect, it } from "vitest";
import { EXPECTED, runAgainstYardstick } from "./instrumentations/harness";
import { runVercelAi } from "./instrumentations/vercel-ai";
import { SCENARIO } from "./instrumentations/scenario";

it("Vercel AI SDK (v6) experimental_telemetry + OTLP/JSON exporter lands a complete trace", async () => {
  const { traces, observations, generations } = await runAgainstYardstick(runVercelAi);
  expect(traces).toHaveLength(1);
  expect(traces[0]).toMatchObject({
    name: "answer-question",
    userId: SCENARIO.userId,
    sessionId: SCENARIO.sessionId,
    output: SCENARIO.answer,
    inputTokens: EXPECTED.inputTokens,
    outputTokens: EXPECTED.outputTokens,
  });
  expect(traces[0]!.totalCost as number).toBeCloseTo(EXPECTED.cost, 12);
  expect(observations.map((o) => `${o.type} ${o.name}`)).toEqual([
    "SPAN ai.generateText",
    "GENERATION ai.generateText.doGenerate",
  ]);
  expect(generations[0]).toMatchObject({
    model: SCENARIO.model,
    inputTokens: EXPECTED.inputTokens,
    outputTokens: EXPECTED.outputTokens,
    input: [
      { role: "system", content: SCENARIO.system },
      { role: "user", content: [{ type: "text", text: SCENARIO.question }] },
    ],
    output: SCENARIO.answer,
  });
});
