import Anthropic from "@anthropic-ai/sdk";
import { NodeTracerProvider } from "@opentelemetry/sdk-trace-node";
import { LangfuseSpanProcessor } from "@langfuse/otel";
import { propagateAttributes, startActiveObservation, startObservation } from "@langfuse/tracing";
import { SCENARIO, publicKeyOf, type TRunInput } from "./scenario";

/**
 * Langfuse's TypeScript SDK v5 as its docs set it up, configured only by base URL and key pair:
 * a root span, a generation around the Anthropic call with usage and a prompt link, user and
 * session propagated to every observation.
 */
export async function runLangfuse({ anthropicUrl, endpoint }: TRunInput): Promise<void> {
  // exactly the three variables the README tells a switching team to set, nothing else
  const env = {
    LANGFUSE_BASE_URL: endpoint.origin,
    LANGFUSE_PUBLIC_KEY: publicKeyOf(endpoint.secret),
    LANGFUSE_SECRET_KEY: endpoint.secret,
  };
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  const processor = new LangfuseSpanProcessor();
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  const provider = new NodeTracerProvider({ spanProcessors: [processor] });
  provider.register();
  try {
    const client = new Anthropic({ apiKey: "sk-test", baseURL: anthropicUrl, maxRetries: 0 });
    await startActiveObservation("handle-question", async (root) => {
      root.update({ input: { question: SCENARIO.question } });
      await propagateAttributes(
        { userId: SCENARIO.userId, sessionId: SCENARIO.sessionId, tags: ["support"], traceName: "support-turn" },
        async () => {
          const messages = [{ role: "user" as const, content: SCENARIO.question }];
          const generation = startObservation(
            "anthropic-messages",
            {
              model: SCENARIO.model,
              input: [{ role: "system", content: SCENARIO.system }, ...messages],
              modelParameters: { max_tokens: SCENARIO.maxTokens },
              prompt: { name: SCENARIO.promptName, version: SCENARIO.promptVersion, isFallback: false },
            },
            { asType: "generation" },
          );
          const res = await client.messages.create({
            model: SCENARIO.model,
            max_tokens: SCENARIO.maxTokens,
            system: SCENARIO.system,
            messages,
          });
          const text = res.content.map((b) => (b.type === "text" ? b.text : "")).join("");
          generation
            .update({
              output: { role: "assistant", content: text },
              usageDetails: { input: res.usage.input_tokens, output: res.usage.output_tokens },
            })
            .end();
          root.update({ output: { answer: text } });
        },
      );
    });
  } finally {
    await provider.forceFlush();
    await provider.shutdown();
  }
}
