// Prompt templates: `{{name}}` or `{{ name }}` is a variable (names: letters, digits, `_`, not
// starting with a digit); `\{{` is a literal `{{`. Any other `{{` (unclosed, or not a valid name
// inside) is a syntax error at save time, so a template never renders differently than it reads.
// Rendering never substitutes an empty string: a missing variable is an error listing every missing name.

export type TTemplatePart = { type: "text"; value: string } | { type: "var"; name: string };

export class TemplateSyntaxError extends Error {
  constructor(
    readonly index: number,
    message: string,
  ) {
    super(message);
    this.name = "TemplateSyntaxError";
  }
}

export class MissingVariablesError extends Error {
  constructor(readonly missing: string[]) {
    super(`Missing variable${missing.length > 1 ? "s" : ""}: ${missing.join(", ")}`);
    this.name = "MissingVariablesError";
  }
}

const VAR = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*$/;

export function parseTemplate(template: string): TTemplatePart[] {
  const parts: TTemplatePart[] = [];
  let text = "";
  let i = 0;
  while (i < template.length) {
    if (template.startsWith("\\{{", i)) {
      text += "{{";
      i += 3;
      continue;
    }
    if (template.startsWith("{{", i)) {
      const close = template.indexOf("}}", i + 2);
      if (close === -1)
        throw new TemplateSyntaxError(i, `Unclosed "{{" at character ${i + 1} (write \\{{ for a literal "{{")`);
      const inner = template.slice(i + 2, close);
      const m = VAR.exec(inner);
      if (!m) {
        throw new TemplateSyntaxError(
          i,
          `Invalid variable "{{${inner}}}" at character ${i + 1}: names are letters, digits and _ (write \\{{ for a literal "{{")`,
        );
      }
      if (text) parts.push({ type: "text", value: text });
      text = "";
      parts.push({ type: "var", name: m[1]! });
      i = close + 2;
      continue;
    }
    text += template[i];
    i++;
  }
  if (text) parts.push({ type: "text", value: text });
  return parts;
}

/** Variable names in order of first appearance. Throws TemplateSyntaxError. */
export function extractVariables(template: string): string[] {
  const names: string[] = [];
  for (const p of parseTemplate(template)) if (p.type === "var" && !names.includes(p.name)) names.push(p.name);
  return names;
}

export type TTemplateVars = Record<string, unknown>;

function stringify(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
  return JSON.stringify(value);
}

function isMissing(vars: TTemplateVars, name: string): boolean {
  return !Object.prototype.hasOwnProperty.call(vars, name) || vars[name] === undefined || vars[name] === null;
}

/** Strings as they are, numbers/booleans via String(), other values as JSON. Null counts as missing. */
export function renderTemplate(template: string, vars: TTemplateVars): string {
  const parts = parseTemplate(template);
  const missing = [...new Set(parts.flatMap((p) => (p.type === "var" && isMissing(vars, p.name) ? [p.name] : [])))];
  if (missing.length) throw new MissingVariablesError(missing);
  return parts.map((p) => (p.type === "text" ? p.value : stringify(vars[p.name]))).join("");
}

export type TPromptTemplates = {
  system?: string | null;
  messages: Array<{ role: "user" | "assistant"; content: string }>;
};

/** Every variable of a prompt (system first, then messages in order). */
export function promptVariables(p: TPromptTemplates): string[] {
  const names: string[] = [];
  for (const t of [p.system ?? "", ...p.messages.map((m) => m.content)]) {
    for (const n of extractVariables(t)) if (!names.includes(n)) names.push(n);
  }
  return names;
}

/** Renders system and messages; one MissingVariablesError naming every missing variable of the prompt. */
export function renderPrompt(p: TPromptTemplates, vars: TTemplateVars) {
  const missing = promptVariables(p).filter((n) => isMissing(vars, n));
  if (missing.length) throw new MissingVariablesError(missing);
  return {
    system: p.system ? renderTemplate(p.system, vars) : null,
    messages: p.messages.map((m) => ({ role: m.role, content: renderTemplate(m.content, vars) })),
  };
}
