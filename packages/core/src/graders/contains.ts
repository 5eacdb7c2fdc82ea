import { passFail, type TGradeInput, type TGradeResult } from "./types";

export interface TContainsConfig {
  values: string[];
  /** Default false: "Paris" is found in "PARIS". */
  caseSensitive?: boolean;
}

function scan(config: TContainsConfig, output: string): { found: string[]; missing: string[] } {
  const fold = (s: string): string => (config.caseSensitive ? s.normalize("NFC") : s.normalize("NFC").toLowerCase());
  const hay = fold(output);
  const found: string[] = [];
  const missing: string[] = [];
  for (const v of config.values) (hay.includes(fold(v)) ? found : missing).push(v);
  return { found, missing };
}

/** Every value must occur as a substring; score = fraction found. */
export function containsAll(config: TContainsConfig, input: TGradeInput): TGradeResult {
  const { found, missing } = scan(config, input.output);
  const pass = missing.length === 0;
  return {
    pass,
    score: config.values.length === 0 ? 1 : found.length / config.values.length,
    reason: pass
      ? `contains all ${found.length} values`
      : `missing ${missing.length} of ${config.values.length}: ${missing.map((m) => JSON.stringify(m)).join(", ")}`,
    details: { found, missing },
  };
}

/** At least one value must occur as a substring. */
export function containsAny(config: TContainsConfig, input: TGradeInput): TGradeResult {
  const { found, missing } = scan(config, input.output);
  const pass = found.length > 0;
  return passFail(
    pass,
    pass ? `contains ${found.map((f) => JSON.stringify(f)).join(", ")}` : "contains none of the values",
    { found, missing },
  );
}
