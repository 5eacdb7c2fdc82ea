// What a candidate eval case is made of: which feedback counts as negative, the text of a trace's
// input, and the normalised form whose hash collapses near-identical inputs into one candidate.

/** A score rule of a project: a score named `scoreName` below `below` is a negative signal. */
export type TCandidateRule = { scoreName: string; below: number };

/** Thumbs down, or a rating of 2 or less (of 5). */
export function isNegativeFeedback(f: { thumbs?: number | null; rating?: number | null }): boolean {
  return f.thumbs === -1 || (typeof f.rating === "number" && f.rating <= 2);
}

/** The rule a numeric score breaks, if any. */
export function brokenRule(
  s: { name: string; value: number | null },
  rules: readonly TCandidateRule[],
): TCandidateRule | null {
  if (s.value === null || !Number.isFinite(s.value)) return null;
  return rules.find((r) => r.scoreName === s.name && s.value! < r.below) ?? null;
}

const PUNCT = /[\p{P}\p{S}]/gu;

/**
 * Normalisation for the dedupe hash: NFKC, lower case, punctuation and symbols removed, whitespace
 * collapsed. "How do I reset my password??" and "how do i reset my password" are equal.
 */
export function normaliseCandidateText(s: string): string {
  return s.normalize("NFKC").toLowerCase().replace(PUNCT, " ").split(/\s+/u).filter(Boolean).join(" ");
}

function contentText(content: unknown): string | null {
  if (typeof content === "string") return content;
  if (Array.isArray(content)) {
    const parts = content
      .map((p) =>
        p && typeof p === "object" && typeof (p as { text?: unknown }).text === "string"
          ? (p as { text: string }).text
          : null,
      )
      .filter((t): t is string => t !== null);
    return parts.length ? parts.join("\n") : null;
  }
  return null;
}

/**
 * The text a candidate is keyed on: a string input as is; a chat (an array of messages, or an
 * object with `messages`) by its last user message; an object with a `question`/`query`/`input`/
 * `prompt` string by that field; anything else as canonical JSON.
 */
export function candidateInputText(input: unknown): string {
  if (typeof input === "string") return input;
  const messages = Array.isArray(input)
    ? input
    : input && typeof input === "object" && Array.isArray((input as { messages?: unknown }).messages)
      ? (input as { messages: unknown[] }).messages
      : null;
  if (messages) {
    for (let i = messages.length - 1; i >= 0; i--) {
      const m = messages[i] as { role?: unknown; content?: unknown } | null;
      if (m && m.role === "user") {
        const t = contentText(m.content);
        if (t !== null) return t;
      }
    }
  }
  if (input && typeof input === "object" && !Array.isArray(input)) {
    for (const k of ["question", "query", "input", "prompt", "message", "text"]) {
      const v = (input as Record<string, unknown>)[k];
      if (typeof v === "string") return v;
    }
  }
  return stableJson(input);
}

function stableJson(v: unknown): string {
  if (v === undefined) return "null";
  if (v === null || typeof v !== "object") return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(stableJson).join(",")}]`;
  const keys = Object.keys(v as object).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${stableJson((v as Record<string, unknown>)[k])}`).join(",")}}`;
}
