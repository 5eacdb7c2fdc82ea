import type { TOnlineEvalMapping } from "@yardstick/contracts/online-evals";

// Resolves a rule's variable mapping against a trace (and the observation judged) into the
// grader's input. Pure: the caller loads the rows.

export interface TMappingSource {
  trace: { input: unknown; output: unknown; metadata: unknown };
  observation: { input: unknown; output: unknown; metadata: unknown } | null;
}

const MAX_TEXT = 200_000;

/** A JSON value as grader text: strings as they are, anything else as JSON; null when absent. */
export function asText(v: unknown): string | null {
  if (v === undefined || v === null) return null;
  const s = typeof v === "string" ? v : JSON.stringify(v);
  return s.length > MAX_TEXT ? s.slice(0, MAX_TEXT) : s;
}

/** The value at `trace.metadata.a.b` etc.; undefined when any step is missing. */
export function resolvePath(path: string, src: TMappingSource): unknown {
  const [root, field, ...rest] = path.split(".");
  const base = root === "trace" ? src.trace : src.observation;
  if (!base) return undefined;
  let v: unknown = (base as Record<string, unknown>)[field!];
  for (const k of rest) {
    if (v === null || typeof v !== "object" || Array.isArray(v)) return undefined;
    v = (v as Record<string, unknown>)[k];
  }
  return v;
}

export interface TMappedItem {
  input: unknown;
  output: string;
  expected: string | null;
  context: string | null;
}

/** The grade input a mapping selects; output "" when the mapped field is empty. */
export function mapGradeInput(mapping: TOnlineEvalMapping, src: TMappingSource): TMappedItem {
  return {
    input: resolvePath(mapping.input, src) ?? null,
    output: asText(resolvePath(mapping.output, src)) ?? "",
    expected: mapping.expected ? asText(resolvePath(mapping.expected, src)) : null,
    context: mapping.context ? asText(resolvePath(mapping.context, src)) : null,
  };
}

/** Whether the mapping reads the observation (so the caller must load one). */
export function mappingNeedsObservation(m: TOnlineEvalMapping): boolean {
  return [m.input, m.output, m.expected, m.context].some((p) => p?.startsWith("observation."));
}
