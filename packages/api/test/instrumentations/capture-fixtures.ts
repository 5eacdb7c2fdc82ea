import { createServer } from "node:http";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { startFakeAnthropic } from "@yardstick/llm/testing";
import { decodeOtlpTraces } from "@yardstick/server/services/otel-ingest";
import { runLangfuse } from "./langfuse";
import { runOpenInference } from "./openinference";
import { runTraceloop } from "./traceloop";
import { runVercelAi } from "./vercel-ai";
import { SCENARIO } from "./scenario";

// Captures what each instrumentation really sends: runs it against the fake Messages API and a
// recording OTLP endpoint, decodes every export request (protobuf or JSON) to OTLP/JSON and
// writes it to packages/server/src/services/otel-fixtures/<name>.json.
// Run one per process (instrumentations patch modules and register globals):
//   npx tsx test/instrumentations/capture-fixtures.ts openinference|langfuse|traceloop|vercel-ai

const RUNNERS = {
  openinference: runOpenInference,
  langfuse: runLangfuse,
  traceloop: runTraceloop,
  "vercel-ai": runVercelAi,
};
const name = process.argv[2] as keyof typeof RUNNERS;
if (!RUNNERS[name]) throw new Error(`usage: capture-fixtures.ts ${Object.keys(RUNNERS).join("|")}`);

const requests: Array<{ path: string; authorization: string; contentType: string; body: unknown }> = [];
const recorder = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    const contentType = req.headers["content-type"] ?? "";
    const body = decodeOtlpTraces(
      Buffer.concat(chunks),
      contentType,
      (req.headers["content-encoding"] as string | undefined) ?? null,
      10_000_000,
    );
    requests.push({ path: req.url ?? "", authorization: req.headers.authorization ?? "", contentType, body });
    res.writeHead(200, { "content-type": /json/.test(contentType) ? "application/json" : "application/x-protobuf" });
    res.end(/json/.test(contentType) ? "{}" : undefined);
  });
});
await new Promise<void>((r) => recorder.listen(0, "127.0.0.1", r));
const origin = `http://127.0.0.1:${(recorder.address() as { port: number }).port}`;
const fake = await startFakeAnthropic();
fake.setHandler(() => ({ type: "text", text: SCENARIO.answer }));

await RUNNERS[name]({ anthropicUrl: fake.url, endpoint: { origin, secret: "ys_fixturefixturefixturefixture0000" } });
await fake.close();
recorder.close();

const out = resolve(
  dirname(fileURLToPath(import.meta.url)),
  "../../../server/src/services/otel-fixtures",
  `${name}.json`,
);
mkdirSync(dirname(out), { recursive: true });
const fixture = {
  capturedWith: name,
  requests: requests.map((r) => ({ ...r, authorization: r.authorization.replace(/\s.*/, " <redacted>") })),
};
writeFileSync(out, JSON.stringify(fixture, null, 2) + "\n");
console.log(`${name}: ${requests.length} export request(s) → ${out}`);
process.exit(0);
