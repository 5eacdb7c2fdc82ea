import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import * as zxcvbnCommon from "@zxcvbn-ts/language-common";
import * as zxcvbnEn from "@zxcvbn-ts/language-en";
import { AppError } from "../errors";

/**
 * What a new password must be: at least MIN_LENGTH characters and not guessable in under 10^8
 * tries by zxcvbn (score 3+), which knows the commonest leaked passwords, English words and
 * names, keyboard walks, dates and l33t swaps, and the user's own email and name.
 */
export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 128;
const MIN_SCORE = 3;

let factory: ZxcvbnFactory | undefined;
function zxcvbn() {
  // Building the ranked dictionaries takes ~100 ms: once per process, on first use.
  factory ??= new ZxcvbnFactory({
    dictionary: { ...zxcvbnCommon.dictionary, ...zxcvbnEn.dictionary },
    graphs: zxcvbnCommon.adjacencyGraphs,
    translations: zxcvbnEn.translations,
  });
  return factory;
}

/** Why the password is refused, or null when it is acceptable. */
export function passwordProblem(password: string, userInputs: Array<string | null | undefined> = []): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `Password must be at least ${MIN_PASSWORD_LENGTH} characters`;
  if (password.length > MAX_PASSWORD_LENGTH) return `Password must be at most ${MAX_PASSWORD_LENGTH} characters`;
  const inputs = userInputs.flatMap((v) => (v ? [v, ...v.split(/[@.\s_+-]+/).filter((p) => p.length >= 3)] : []));
  const result = zxcvbn().check(password, [...inputs, "yardstick"]);
  if (result.score >= MIN_SCORE) return null;
  const warning = result.feedback.warning?.replace(/\.$/, "");
  return `Password is too easy to guess${warning ? ` (${warning.toLowerCase()})` : ""}. Use a longer phrase of uncommon words.`;
}

/** Throws a BAD_REQUEST naming `field` when the password does not meet the policy. */
export function assertPasswordPolicy(
  password: string,
  field: string,
  userInputs: Array<string | null | undefined> = [],
) {
  const problem = passwordProblem(password, userInputs);
  if (problem) throw new AppError("invalid_input", problem, field);
}
