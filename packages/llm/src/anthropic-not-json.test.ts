import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAnthropicProvider } from "./anthropic";
import { LlmError } from "./errors";

// A wrong base URL or a captive proxy answers 200 with an HTML page: that must be a clear,
// non-retried provider error, never a TypeError that surfaces as a 500.
describe("Anthropic endpoint answering 200 with HTML", () => {
  let server: Server;
  let url: string;
  let calls = 0;
  beforeAll(async () => {
    server = createServer((_req, res) => {
      calls++;
      res.writeHead(200, { "content-type": "text/html" }).end("<html><body>Welcome to nginx!</body></html>");
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const provider = () => createAnthropicProvider({ apiKey: "sk-test", baseURL: url, maxRetries: 3 });
  const req = { model: "claude-haiku-4-5", messages: [{ role: "user" as const, content: "hi" }] };

  for (const mode of ["complete", "stream"] as const) {
    it(`${mode}: an LlmError naming the base URL, not retried`, async () => {
      calls = 0;
      const p = mode === "complete" ? provider().complete(req) : provider().stream!(req, () => {});
      const err = await p.then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(LlmError);
      expect((err as LlmError).message).toMatch(/base URL/);
      expect((err as LlmError).retryable).toBe(false);
      expect(calls).toBe(1);
    });
  }
});
