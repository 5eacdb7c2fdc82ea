import { describe, expect, it } from "vitest";
import { parseCompleteRequest } from "./types";

const base = { model: "m", messages: [{ role: "user" as const, content: "x" }] };

describe("parseCompleteRequest", () => {
  it("accepts a full request", () => {
    const signal = new AbortController().signal;
    const r = parseCompleteRequest({
      ...base,
      system: [{ text: "rubric", cache: true }],
      params: { maxTokens: 10, stop: ["END"] },
      tools: [{ name: "score", inputSchema: { type: "object", properties: {} } }],
      toolChoice: { type: "tool", name: "score" },
      signal,
    });
    expect(r.signal).toBe(signal);
    expect(r.tools?.[0]?.inputSchema).toEqual({ type: "object", properties: {} });
  });

  it.each([
    ["no messages", { ...base, messages: [] }],
    ["bad role", { ...base, messages: [{ role: "system", content: "x" }] }],
    ["unknown param", { ...base, params: { top_k: 3 } }],
    ["negative maxTokens", { ...base, params: { maxTokens: -1 } }],
    ["toolChoice without tools", { ...base, toolChoice: { type: "auto" } }],
    [
      "toolChoice naming a missing tool",
      { ...base, tools: [{ name: "a", inputSchema: { type: "object" } }], toolChoice: { type: "tool", name: "b" } },
    ],
    [
      "duplicate tools",
      {
        ...base,
        tools: [
          { name: "a", inputSchema: { type: "object" } },
          { name: "a", inputSchema: { type: "object" } },
        ],
      },
    ],
    ["non-object schema", { ...base, tools: [{ name: "a", inputSchema: { type: "string" } }] }],
    ["bad tool name", { ...base, tools: [{ name: "has space", inputSchema: { type: "object" } }] }],
  ])("rejects %s as bad_request", (_, req) => {
    expect(() => parseCompleteRequest(req as never)).toThrow(
      expect.objectContaining({ kind: "bad_request", retryable: false }),
    );
  });
});
