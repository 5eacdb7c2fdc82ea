import { compileUserPattern, UserPatternError, type TUserRegex } from "../regex/safe-regex";
import { GraderConfigError } from "./errors";
import { passFail, type TGradeInput, type TGradeResult } from "./types";

export const DEFAULT_REGEX_MAX_INPUT_CHARS = 20_000;

export interface TRegexConfig {
  pattern: string;
  /** Any of "i", "m", "s", "u". "g" and "y" are refused: they make `test` stateful. */
  flags?: string;
  /** Pass when the pattern does NOT match. */
  negate?: boolean;
  /** Outputs longer than this fail instead of being matched (bounds the cost of one match). */
  maxInputChars?: number;
  /** Skip the nested-quantifier check, e.g. for `(\d+,)*` where a separator makes it safe. */
  allowNestedQuantifiers?: boolean;
}

/**
 * True when a group containing a repeating quantifier is itself repeated, as in `(a+)+` or
 * `(\w+\s?)*`: the star-height > 1 shape behind most catastrophic backtracking. A heuristic:
 * it does not catch overlapping alternations like `(a|a)*`; what makes matching safe is RE2.
 */
export function hasNestedQuantifier(p: string): boolean {
  const stack: boolean[] = [false];
  let prevGroupRepeats = false;
  let canQuantify = false;
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === "\\") {
      i++;
      [prevGroupRepeats, canQuantify] = [false, true];
    } else if (c === "[") {
      i++;
      if (p[i] === "^") i++;
      if (p[i] === "]") i++;
      while (i < p.length && p[i] !== "]") i += p[i] === "\\" ? 2 : 1;
      [prevGroupRepeats, canQuantify] = [false, true];
    } else if (c === "(") {
      stack.push(false);
      if (p[i + 1] === "?") {
        // skip the group prefix: "?:", "?=", "?!", "?<=", "?<!" or "?<name>"
        i++;
        do i++;
        while (i < p.length && !":=!>".includes(p[i] as string));
      }
      [prevGroupRepeats, canQuantify] = [false, false];
    } else if (c === ")") {
      const inner = stack.length > 1 ? (stack.pop() as boolean) : false;
      if (inner) stack[stack.length - 1] = true;
      [prevGroupRepeats, canQuantify] = [inner, true];
    } else if (c === "|") {
      [prevGroupRepeats, canQuantify] = [false, false];
    } else {
      const q = canQuantify ? quantifierAt(p, i) : null;
      if (q) {
        if (q.repeats && prevGroupRepeats) return true;
        if (q.repeats) stack[stack.length - 1] = true;
        i += q.length - 1;
        if (p[i + 1] === "?") i++;
        [prevGroupRepeats, canQuantify] = [false, false];
      } else {
        [prevGroupRepeats, canQuantify] = [false, true];
      }
    }
  }
  return false;
}

function quantifierAt(p: string, i: number): { repeats: boolean; length: number } | null {
  const c = p[i];
  if (c === "*" || c === "+") return { repeats: true, length: 1 };
  if (c === "?") return { repeats: false, length: 1 };
  if (c !== "{") return null;
  const m = /^\{(\d+)(,(\d*))?\}/.exec(p.slice(i));
  if (!m) return null;
  const lo = Number(m[1]);
  const hi = m[2] === undefined ? lo : m[3] === "" ? Infinity : Number(m[3]);
  return { repeats: hi > 1, length: m[0].length };
}

/**
 * Compiles a user pattern for RE2 (linear time, so no output can make it backtrack); a bad pattern,
 * bad flags, a lookaround or backreference, or a nested-quantifier shape is a GraderConfigError.
 */
export function compileRegex(config: Pick<TRegexConfig, "pattern" | "flags" | "allowNestedQuantifiers">): TUserRegex {
  const flags = config.flags ?? "";
  if (!/^[imsu]*$/.test(flags) || new Set(flags).size !== flags.length) {
    throw new GraderConfigError("flags", `must be distinct letters from "imsu", got ${JSON.stringify(flags)}`);
  }
  let re: TUserRegex;
  try {
    re = compileUserPattern(config.pattern, flags);
  } catch (e) {
    if (!(e instanceof UserPatternError)) throw e;
    throw new GraderConfigError("pattern", e.kind === "syntax" ? `invalid regular expression: ${e.reason}` : e.reason);
  }
  if (!config.allowNestedQuantifiers && hasNestedQuantifier(config.pattern)) {
    throw new GraderConfigError(
      "pattern",
      "nested quantifiers (a repeated group that itself repeats, e.g. (a+)+) can backtrack catastrophically; rewrite it or set allowNestedQuantifiers",
    );
  }
  return re;
}

export function regexMatch(config: TRegexConfig, input: TGradeInput): TGradeResult {
  const re = compileRegex(config);
  const limit = config.maxInputChars ?? DEFAULT_REGEX_MAX_INPUT_CHARS;
  if (input.output.length > limit) {
    return passFail(
      false,
      `output has ${input.output.length} characters, over the regex limit of ${limit} (maxInputChars)`,
      {
        error: "input_too_long",
        length: input.output.length,
        maxInputChars: limit,
      },
    );
  }
  const m = re.exec(input.output);
  const pass = config.negate ? m === null : m !== null;
  const shown = `/${config.pattern}/${config.flags ?? ""}`;
  const reason = m ? `${shown} matched ${JSON.stringify(m.text.slice(0, 200))}` : `${shown} did not match`;
  return passFail(pass, config.negate ? `${reason} (negated)` : reason, {
    matched: m !== null,
    match: m ? m.text : null,
    index: m ? m.index : null,
    groups: m?.groups ?? null,
  });
}
