// The case list of a run: (item × arm × repeat), items in key order, enumerated item-major so a
// chunk of consecutive cases touches a contiguous range of items.

export interface TCaseRef {
  itemIndex: number;
  arm: number;
  repeat: number;
}

/** The case at `index` of a run with `arms` arms and `repeats` repeats per item. */
export function caseAt(index: number, arms: number, repeats: number): TCaseRef {
  const perItem = arms * repeats;
  const itemIndex = Math.floor(index / perItem);
  const within = index % perItem;
  return { itemIndex, arm: Math.floor(within / repeats), repeat: within % repeats };
}

export function caseIndex(ref: TCaseRef, arms: number, repeats: number): number {
  return ref.itemIndex * arms * repeats + ref.arm * repeats + ref.repeat;
}

/**
 * The cases of the chunk [offset, offset + limit) clipped to the run, and the items they need
 * (`firstItem` .. `firstItem + itemCount - 1`).
 */
export function chunkCases(
  chunk: { offset: number; limit: number },
  run: { totalCases: number; arms: number; repeats: number },
): { cases: TCaseRef[]; firstItem: number; itemCount: number } {
  const start = Math.max(0, chunk.offset);
  const end = Math.min(run.totalCases, start + Math.max(0, chunk.limit));
  const cases: TCaseRef[] = [];
  for (let i = start; i < end; i++) cases.push(caseAt(i, run.arms, run.repeats));
  if (!cases.length) return { cases, firstItem: 0, itemCount: 0 };
  const firstItem = cases[0]!.itemIndex;
  return { cases, firstItem, itemCount: cases[cases.length - 1]!.itemIndex - firstItem + 1 };
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/**
 * Template variables for a dataset item: an object input gives its keys ({{question}}), anything
 * else is `{{input}}`. An object input without an `input` key also gets `{{input}}` = the whole
 * input as JSON, so a template can show the raw item.
 */
export function promptVariablesOf(input: unknown): Record<string, unknown> {
  if (isPlainObject(input)) return "input" in input ? input : { ...input, input: JSON.stringify(input) };
  return { input: typeof input === "string" ? input : JSON.stringify(input) };
}
