// Traceloop's Anthropic instrumentation (0.27) patches Anthropic.Completions, which @anthropic-ai/sdk
// 1.x removed: it throws on 1.x, so this runs the last 0.x SDK (installed under an alias).
import * as anthropicModule from "anthropic-sdk-0x";
import * as traceloop from "@traceloop/node-server-sdk";
import { SCENARIO, type TRunInput } from "./scenario";

/** OpenLLMetry (Traceloop's SDK) as its docs set it up: base URL and API key, a workflow around the call. */
export async function runTraceloop({ anthropicUrl, endpoint }: TRunInput): Promise<void> {
  traceloop.initialize({
    appName: "support-bot",
    baseUrl: `${endpoint.origin}/api/public/otel`,
    apiKey: endpoint.secret,
    silenceInitializationMessage: true,
    // ESM: the module is not loaded through require, so it is handed over (the SDK's documented way)
    instrumentModules: { anthropic: anthropicModule as never },
  });
  try {
    const client = new anthropicModule.Anthropic({ apiKey: "sk-test", baseURL: anthropicUrl, maxRetries: 0 });
    await traceloop.withWorkflow(
      { name: "answer_question", associationProperties: { userId: SCENARIO.userId, sessionId: SCENARIO.sessionId } },
      () =>
        client.messages.create({
          model: SCENARIO.model,
          max_tokens: SCENARIO.maxTokens,
          system: SCENARIO.system,
          messages: [{ role: "user", content: SCENARIO.question }],
        }),
    );
  } finally {
    await traceloop.forceFlush();
  }
}
