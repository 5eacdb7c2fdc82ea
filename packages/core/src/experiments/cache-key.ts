import { canonicalJson } from "../datasets/items";

// What an output or a grade depends on, as canonical JSON (keys sorted, undefined dropped): equal
// text = same answer, so the server hashes it into the cache key. Bump CACHE_KEY_VERSION when the
// meaning of a cached value changes.

export const CACHE_KEY_VERSION = 1;

export interface TOutputKeyParts {
  model: string;
  params: unknown;
  system: string | null;
  /** The prompt version's templates (not the rendered text: the input is part of the key). */
  messages: unknown;
  tools: unknown;
  input: unknown;
  /** Repeats are distinct samples, so each repeat has its own cached output. */
  repeat: number;
}

export function outputCacheMaterial(p: TOutputKeyParts): string {
  return canonicalJson({
    v: CACHE_KEY_VERSION,
    kind: "output",
    model: p.model,
    params: p.params ?? {},
    system: p.system ?? null,
    messages: p.messages,
    tools: p.tools ?? null,
    input: p.input,
    repeat: p.repeat,
  });
}

export interface TGradeKeyParts {
  /** The grader version's stored config (defaults explicit, judge model written in). */
  config: unknown;
  output: string;
  input: unknown;
  expected: string | null;
  context: string | null;
}

export function gradeCacheMaterial(p: TGradeKeyParts): string {
  return canonicalJson({
    v: CACHE_KEY_VERSION,
    kind: "grade",
    config: p.config,
    output: p.output,
    input: p.input ?? null,
    expected: p.expected ?? null,
    context: p.context ?? null,
  });
}
