import { expect, it } from "vitest";
import { EXPECTED, runAgainstYardstick } from "./instrumentations/harness";
import { runOpenInference } from "./instrumentations/openinference";
import { SCENARIO } from "./instrumentations/scenario";

it("OpenInference's Anthropic instrumentation + OTLP/protobuf exporter lands a complete trace", async () => {
  const { traces, observations, generations } = await runAgainstYardstick(runOpenInference);
  expect(traces).toHaveLength(1);
  expect(traces[0]).toMatchObject({
    userId: SCENARIO.userId,
    sessionId: SCENARIO.sessionId,
    inputTokens: EXPECTED.inputTokens,
    outputTokens: EXPECTED.outputTokens,
    models: [SCENARIO.model],
  });
  expect(traces[0]!.totalCost as number).toBeCloseTo(EXPECTED.cost, 12);
  // the LLM span is the generation; the Anthropic SDK's own span under it is kept as a span
  expect(observations.map((o) => o.type).sort()).toEqual(["GENERATION", "SPAN"]);
  // SimpleSpanProcessor: the SDK's span came in its own request, before its parent; matched in storage
  const sdkSpan = observations.find((o) => o.type === "SPAN")!;
  expect(sdkSpan).toMatchObject({ name: "anthropic.messages.create", inputTokens: null, totalCost: null });
  expect((sdkSpan.metadata as Record<string, unknown>)["yardstick.duplicate_of"]).toBe(generations[0]!.id);
  expect(generations[0]).toMatchObject({
    name: "Anthropic Messages",
    model: SCENARIO.model,
    inputTokens: EXPECTED.inputTokens,
    outputTokens: EXPECTED.outputTokens,
    input: [
      { role: "system", content: SCENARIO.system },
      { role: "user", content: SCENARIO.question },
    ],
    output: [{ role: "assistant", content: SCENARIO.answer }],
  });
});
