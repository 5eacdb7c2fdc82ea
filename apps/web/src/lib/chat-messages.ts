// Normalises the many shapes LLM inputs and outputs arrive in to chat messages for display.

export type TChatPart = { kind: "text"; text: string } | { kind: "json"; label: string; value: unknown };
export type TChatMessage = { role: string; parts: TChatPart[] };

type TObj = Record<string, unknown>;
const isObj = (v: unknown): v is TObj => typeof v === "object" && v !== null && !Array.isArray(v);

function blockToPart(block: unknown): TChatPart {
  if (typeof block === "string") return { kind: "text", text: block };
  if (isObj(block)) {
    // Anthropic/OpenAI `{type:"text", text}`, OTel GenAI `{type:"text", content}`.
    if ((block.type === "text" || block.type === undefined) && typeof block.text === "string")
      return { kind: "text", text: block.text };
    if (block.type === "text" && typeof block.content === "string") return { kind: "text", text: block.content };
    const label = typeof block.type === "string" ? block.type.replaceAll("_", " ") : "data";
    return { kind: "json", label, value: block };
  }
  return { kind: "json", label: "data", value: block };
}

function contentToParts(content: unknown): TChatPart[] {
  if (content === undefined || content === null) return [];
  if (typeof content === "string") return [{ kind: "text", text: content }];
  if (Array.isArray(content)) return content.map(blockToPart);
  return [blockToPart(content)];
}

function isMessage(v: unknown): v is TObj {
  return isObj(v) && typeof v.role === "string" && ("content" in v || "parts" in v || "tool_calls" in v);
}

function toMessage(m: TObj): TChatMessage {
  const parts = contentToParts("parts" in m ? m.parts : m.content);
  if (Array.isArray(m.tool_calls))
    for (const call of m.tool_calls) parts.push({ kind: "json", label: "tool call", value: call });
  return { role: String(m.role), parts };
}

/** Chat messages for a value, or null when it is not chat-shaped (render it as JSON instead). */
export function toChatMessages(value: unknown): TChatMessage[] | null {
  if (Array.isArray(value)) {
    if (value.length > 0 && value.every(isMessage)) return value.map(toMessage);
    return null;
  }
  if (isMessage(value)) return [toMessage(value)];
  if (isObj(value)) {
    // `{system, messages}` (Anthropic request) or `{messages}` (OpenAI request).
    if (Array.isArray(value.messages) && value.messages.every(isMessage)) {
      const out: TChatMessage[] = [];
      if (value.system !== undefined && value.system !== null)
        out.push({ role: "system", parts: contentToParts(value.system) });
      return [...out, ...value.messages.map(toMessage)];
    }
    // An Anthropic response: `{role?, content:[{type:"text", text}]}`.
    if (
      Array.isArray(value.content) &&
      value.content.length > 0 &&
      value.content.every((b) => isObj(b) && typeof b.type === "string")
    ) {
      return [
        { role: typeof value.role === "string" ? value.role : "assistant", parts: contentToParts(value.content) },
      ];
    }
    // OpenAI completion: `{choices:[{message}]}`.
    if (Array.isArray(value.choices)) {
      const msgs = value.choices.map((c) => (isObj(c) ? c.message : undefined)).filter(isMessage);
      if (msgs.length) return msgs.map(toMessage);
    }
  }
  return null;
}

function textOf(m: TChatMessage): string {
  return m.parts.map((p) => (p.kind === "text" ? p.text : `[${p.label}]`)).join(" ");
}

/** A one-line summary of an input or output value: the last user turn, the reply, or the text. */
export function summarize(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  const chat = toChatMessages(value);
  if (chat?.length) {
    const user = [...chat].reverse().find((m) => m.role === "user");
    return textOf(user ?? chat[chat.length - 1]!);
  }
  if (isObj(value)) {
    for (const key of ["text", "content", "query", "question", "input", "prompt", "output", "answer", "message"]) {
      const v = value[key];
      if (typeof v === "string") return v;
    }
  }
  return JSON.stringify(value);
}

const STRING_FIELD = /"(?:text|content)"\s*:\s*"((?:[^"\\]|\\.)*)/g;

/**
 * The list API sends the first 300 characters of the JSON; it may be cut mid-value. Parse it when
 * whole, otherwise pull out the last "text"/"content" string seen.
 */
export function previewText(raw: string | null | undefined): string {
  if (!raw) return "";
  try {
    return summarize(JSON.parse(raw) as unknown)
      .replace(/\s+/g, " ")
      .trim();
  } catch {
    const matches = [...raw.matchAll(STRING_FIELD)].map((m) => m[1] ?? "");
    const last = matches.filter(Boolean).pop();
    const text = last !== undefined ? unescapeJson(last) : raw.replace(/[{}[\]"]/g, " ");
    return `${text.replace(/\s+/g, " ").trim()}…`;
  }
}

function unescapeJson(s: string): string {
  try {
    return JSON.parse(`"${s.replace(/\\$/, "")}"`) as string;
  } catch {
    return s.replace(/\\n/g, " ").replace(/\\"/g, '"');
  }
}
