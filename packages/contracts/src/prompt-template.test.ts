import { describe, expect, it } from "vitest";
import {
  MissingVariablesError,
  TemplateSyntaxError,
  extractVariables,
  parseTemplate,
  promptVariables,
  renderPrompt,
  renderTemplate,
} from "./prompt-template";

describe("templates", () => {
  it("extracts variables with optional spaces, in order, once", () => {
    expect(extractVariables("Hi {{name}}, {{ city }} and {{name}} again {{  x_1 }}")).toEqual(["name", "city", "x_1"]);
    expect(extractVariables("no variables } { }} here")).toEqual([]);
  });

  it("renders strings as-is, numbers and booleans as text, other values as JSON", () => {
    expect(renderTemplate("{{ a }}|{{b}}|{{c}}|{{d}}", { a: "x", b: 3, c: false, d: { k: [1] } })).toBe(
      'x|3|false|{"k":[1]}',
    );
    expect(renderTemplate("", {})).toBe("");
    expect(renderTemplate("{{a}}", { a: "" })).toBe(""); // an explicit empty string is a value
  });

  it("a missing variable is an error listing every missing name, never an empty string", () => {
    const err = (() => {
      try {
        renderTemplate("{{a}} {{b}} {{c}} {{b}}", { a: 1, c: null });
        return null;
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(MissingVariablesError);
    expect((err as MissingVariablesError).missing).toEqual(["b", "c"]);
    expect((err as Error).message).toBe("Missing variables: b, c");
    // inherited properties are not variables
    expect(() => renderTemplate("{{toString}}", {})).toThrow(MissingVariablesError);
  });

  it("\\{{ is a literal; malformed braces are syntax errors", () => {
    expect(renderTemplate("JSON: \\{{ not a var }}", {})).toBe("JSON: {{ not a var }}");
    expect(parseTemplate("a \\{{b}} {{c}}")).toEqual([
      { type: "text", value: "a {{b}} " },
      { type: "var", name: "c" },
    ]);
    expect(() => parseTemplate("hello {{name")).toThrow(TemplateSyntaxError);
    expect(() => parseTemplate("{{ two words }}")).toThrow(/Invalid variable/);
    expect(() => parseTemplate('{{"json": 1}}')).toThrow(/Invalid variable/);
    expect(() => parseTemplate("{{1abc}}")).toThrow(/Invalid variable/);
  });

  it("renders a whole prompt and reports all missing variables across system and messages", () => {
    const p = {
      system: "You are {{persona}}.",
      messages: [
        { role: "user" as const, content: "Q: {{question}}" },
        { role: "assistant" as const, content: "A: {{answer}}" },
      ],
    };
    expect(promptVariables(p)).toEqual(["persona", "question", "answer"]);
    expect(renderPrompt(p, { persona: "terse", question: "2+2?", answer: 4 })).toEqual({
      system: "You are terse.",
      messages: [
        { role: "user", content: "Q: 2+2?" },
        { role: "assistant", content: "A: 4" },
      ],
    });
    expect(() => renderPrompt(p, { question: "x" })).toThrow("Missing variables: persona, answer");
    expect(renderPrompt({ system: null, messages: [{ role: "user", content: "hi" }] }, {}).system).toBeNull();
  });
});
