import { missingExpected, passFail, type TGradeInput, type TGradeResult } from "./types";

export interface TStartsWithConfig {
  /** Prefix to look for; defaults to the item's expected output. */
  value?: string;
  /** Default false. */
  caseSensitive?: boolean;
}

/** Leading whitespace of the output is ignored (models often open with a newline). */
export function startsWith(config: TStartsWithConfig, input: TGradeInput): TGradeResult {
  const prefix = config.value ?? input.expected;
  if (prefix == null) return missingExpected("starts_with");
  const fold = (s: string): string => (config.caseSensitive ? s.normalize("NFC") : s.normalize("NFC").toLowerCase());
  const pass = fold(input.output.trimStart()).startsWith(fold(prefix));
  return passFail(
    pass,
    pass ? `starts with ${JSON.stringify(prefix)}` : `does not start with ${JSON.stringify(prefix)}`,
    { prefix },
  );
}
