import Anthropic from "@anthropic-ai/sdk";
import { context } from "@opentelemetry/api";
import { NodeTracerProvider, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-node";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { AnthropicInstrumentation } from "@arizeai/openinference-instrumentation-anthropic";
import { setSession, setUser } from "@arizeai/openinference-core";
import { SCENARIO, type TRunInput } from "./scenario";

/** OpenInference's Anthropic instrumentation with the official OTLP/protobuf exporter and SimpleSpanProcessor, as its docs set it up (each span is its own export request). */
export async function runOpenInference({ anthropicUrl, endpoint }: TRunInput): Promise<void> {
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
  const instrumentation = new AnthropicInstrumentation({ tracerProvider: provider });
  // ESM: the module is not loaded through require, so it is patched by hand (the package's documented way)
  instrumentation.manuallyInstrument(Anthropic);
  try {
    const client = new Anthropic({ apiKey: "sk-test", baseURL: anthropicUrl, maxRetries: 0 });
    const ctx = setSession(setUser(context.active(), { userId: SCENARIO.userId }), { sessionId: SCENARIO.sessionId });
    await context.with(ctx, () =>
      client.messages.create({
        model: SCENARIO.model,
        max_tokens: SCENARIO.maxTokens,
        system: SCENARIO.system,
        messages: [{ role: "user", content: SCENARIO.question }],
      }),
    );
  } finally {
    instrumentation.disable();
    await provider.forceFlush();
    await provider.shutdown();
  }
}
