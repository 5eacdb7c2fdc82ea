import { describe, expect, it } from "vitest";
import { previewText, summarize, toChatMessages } from "./chat-messages";

describe("toChatMessages", () => {
  it("reads a list of messages with string or block content", () => {
    expect(
      toChatMessages([
        { role: "user", content: "Where is my order?" },
        {
          role: "assistant",
          content: [
            { type: "text", text: "Let me check." },
            { type: "tool_use", id: "t1", name: "lookup" },
          ],
        },
      ]),
    ).toEqual([
      { role: "user", parts: [{ kind: "text", text: "Where is my order?" }] },
      {
        role: "assistant",
        parts: [
          { kind: "text", text: "Let me check." },
          { kind: "json", label: "tool use", value: { type: "tool_use", id: "t1", name: "lookup" } },
        ],
      },
    ]);
  });

  it("puts an Anthropic request's system prompt first", () => {
    expect(toChatMessages({ system: "Be brief.", messages: [{ role: "user", content: "Hi" }] })).toEqual([
      { role: "system", parts: [{ kind: "text", text: "Be brief." }] },
      { role: "user", parts: [{ kind: "text", text: "Hi" }] },
    ]);
  });

  it("reads an Anthropic response as one assistant message", () => {
    expect(toChatMessages({ id: "msg_1", content: [{ type: "text", text: "Hello" }] })).toEqual([
      { role: "assistant", parts: [{ kind: "text", text: "Hello" }] },
    ]);
  });

  it("reads OpenAI choices, with tool calls as parts", () => {
    const call = { id: "c1", type: "function", function: { name: "f", arguments: "{}" } };
    expect(
      toChatMessages({ choices: [{ message: { role: "assistant", content: null, tool_calls: [call] } }] }),
    ).toEqual([{ role: "assistant", parts: [{ kind: "json", label: "tool call", value: call }] }]);
  });

  it("reads OTel GenAI parts with `content` text", () => {
    expect(toChatMessages([{ role: "user", parts: [{ type: "text", content: "Hi" }] }])).toEqual([
      { role: "user", parts: [{ kind: "text", text: "Hi" }] },
    ]);
  });

  it.each([
    ["a string", "hello"],
    ["a number", 42],
    ["null", null],
    ["an empty list", []],
    ["a list with one non-message", [{ role: "user", content: "hi" }, { text: "no role" }]],
    ["an object without messages", { query: "refund policy" }],
    ["messages that are not all messages", { messages: [{ role: "user", content: "a" }, 1] }],
  ])("is null for %s", (_label, value) => {
    expect(toChatMessages(value)).toBeNull();
  });
});

describe("summarize", () => {
  it("prefers the last user turn of a chat", () => {
    expect(
      summarize([
        { role: "user", content: "first" },
        { role: "assistant", content: "reply" },
        { role: "user", content: [{ type: "text", text: "second" }, { type: "image" }] },
      ]),
    ).toBe("second [image]");
  });

  it("falls back to the last message, a well-known text field, or the JSON", () => {
    expect(summarize([{ role: "assistant", content: "only reply" }])).toBe("only reply");
    expect(summarize({ question: "What is RAG?", k: 3 })).toBe("What is RAG?");
    expect(summarize({ k: 3 })).toBe('{"k":3}');
    expect(summarize("plain")).toBe("plain");
    expect(summarize(undefined)).toBe("");
  });
});

describe("previewText", () => {
  it("summarizes whole JSON on one line", () => {
    expect(previewText(JSON.stringify([{ role: "user", content: "Where is\n  my order?" }]))).toBe(
      "Where is my order?",
    );
  });

  it("pulls the last text out of JSON cut off mid-value, and marks it cut", () => {
    const whole = JSON.stringify({
      messages: [
        { role: "user", content: "first" },
        { role: "user", content: 'say "hi"\nplease and more' },
      ],
    });
    const cut = whole.slice(0, whole.indexOf("and more"));
    expect(previewText(cut)).toBe('say "hi" please…');
  });

  it("strips JSON punctuation when no text field survived the cut", () => {
    expect(previewText('{"a": [1, 2, {"b": 3')).toBe("a : 1, 2, b : 3…");
  });

  it("is empty for nothing", () => {
    expect(previewText(null)).toBe("");
    expect(previewText("")).toBe("");
  });
});
