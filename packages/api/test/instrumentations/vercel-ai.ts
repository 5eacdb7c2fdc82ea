import { generateText } from "ai";
import { createAnthropic } from "@ai-sdk/anthropic";
import { NodeTracerProvider, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-node";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { SCENARIO, type TRunInput } from "./scenario";

/** The Vercel AI SDK (v6) with experimental_telemetry and the official OTLP/JSON exporter. */
export async function runVercelAi({ anthropicUrl, endpoint }: TRunInput): Promise<void> {
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ "service.name": "support-bot" }),
    spanProcessors: [
      new SimpleSpanProcessor(
        new OTLPTraceExporter({
          url: `${endpoint.origin}/api/public/otel/v1/traces`,
          headers: { Authorization: `Bearer ${endpoint.secret}` },
        }),
      ),
    ],
  });
  provider.register();
  try {
    const anthropic = createAnthropic({ apiKey: "sk-test", baseURL: `${anthropicUrl}/v1` });
    await generateText({
      model: anthropic(SCENARIO.model),
      system: SCENARIO.system,
      prompt: SCENARIO.question,
      maxOutputTokens: SCENARIO.maxTokens,
      maxRetries: 0,
      experimental_telemetry: {
        isEnabled: true,
        functionId: "answer-question",
        metadata: { userId: SCENARIO.userId, sessionId: SCENARIO.sessionId },
      },
    });
  } finally {
    await provider.forceFlush();
    await provider.shutdown();
  }
}
