import { describe, expect, it } from "vitest";
import { errorFromStatus, providerMessage } from "./errors";

// Provider error bodies reach people through our errors: never verbatim.
describe("providerMessage", () => {
  it("replaces an HTML error page with a short note", () => {
    const page = "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>nginx</h1></body></html>";
    expect(providerMessage(page)).toBe("the provider answered with an HTML page instead of JSON");
  });
  it("keeps one line of at most 300 characters, without control characters", () => {
    const long = `model overloaded\r\n\u0007${"x".repeat(1000)}`;
    const out = providerMessage(long);
    expect(out.length).toBe(300);
    expect(out.startsWith("model overloaded x")).toBe(true);
    expect(out.endsWith("…")).toBe(true);
    expect([...out].some((c) => c.charCodeAt(0) < 0x20)).toBe(false);
  });
  it("leaves a short JSON error message as it is, and errorFromStatus uses it", () => {
    expect(providerMessage("max_tokens: must be at most 8192")).toBe("max_tokens: must be at most 8192");
    expect(errorFromStatus(400, { message: "<html><body>oops</body></html>" }).message).toMatch(/HTML page/);
  });
});
