/**
 * The one way to run a regular expression a user typed (model price match patterns, regex and JSON
 * Schema graders). JavaScript's RegExp backtracks: `(a|a)*$` against 30 characters blocks the event
 * loop for seconds. RE2 (here re2js, a pure-JS port) matches in time linear in the input, at the
 * price of rejecting lookarounds and backreferences.
 *
 * A pattern must first be valid JavaScript (what users write and what the app accepted before),
 * then it is rewritten so RE2 gives it JavaScript's meaning where the two differ (`.`, `\s`, `[]`,
 * `\u` escapes, Annex B identity escapes) and compiled with the same i/m/s flags.
 */
import { RE2JS, RE2JSException } from "re2js";

export type TUserPatternErrorKind = "flags" | "syntax" | "unsupported";

/** A pattern that cannot be used. `reason` is short and lower-case so callers can prefix the field. */
export class UserPatternError extends Error {
  readonly code = "INVALID_USER_PATTERN" as const;

  constructor(
    public readonly kind: TUserPatternErrorKind,
    public readonly reason: string,
  ) {
    super(reason);
    this.name = "UserPatternError";
  }
}

export interface TUserRegexMatch {
  /** The matched text. */
  text: string;
  /** UTF-16 offset of the match, as RegExp's `index`. */
  index: number;
  /** Named groups (null when the pattern has none), as RegExp's `groups`. */
  groups: Record<string, string | undefined> | null;
}

export interface TUserRegex {
  readonly source: string;
  readonly flags: string;
  test(input: string): boolean;
  exec(input: string): TUserRegexMatch | null;
  /** `/source/flags`; Ajv keys its compiled patterns by it. */
  toString(): string;
}

const ENGINE = "patterns run on a linear-time engine (RE2)";

// JavaScript's \s (WhiteSpace and LineTerminator); RE2's \s is only [\t\n\f\r ].
const JS_SPACE =
  "\\t\\n\\v\\f\\r \\x{a0}\\x{1680}\\x{2000}-\\x{200a}\\x{2028}\\x{2029}\\x{202f}\\x{205f}\\x{3000}\\x{feff}";
// JavaScript's `.` without the s flag stops at every line terminator; RE2's only at \n.
const JS_DOT = "[^\\n\\r\\x{2028}\\x{2029}]";

const hex = (cp: number) => `\\x{${cp.toString(16)}}`;
const isHex = (s: string) => /^[0-9a-fA-F]+$/.test(s);
const isAsciiAlnum = (c: string) => /^[0-9A-Za-z]$/.test(c);

function unsupported(what: string): never {
  throw new UserPatternError("unsupported", `${what} not supported: ${ENGINE}`);
}

/** Capture groups, counted as JavaScript does, so `\N` can be told apart from a legacy octal escape. */
function countGroups(p: string): { count: number; named: boolean } {
  let count = 0;
  let named = false;
  let inClass = false;
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === "\\") i++;
    else if (inClass) inClass = c !== "]";
    else if (c === "[") inClass = true;
    else if (c === "(" && p[i + 1] !== "?") count++;
    else if (c === "(" && p[i + 2] === "<" && p[i + 3] !== "=" && p[i + 3] !== "!") {
      count++;
      named = true;
    }
  }
  return { count, named };
}

/**
 * Rewrites a valid JavaScript pattern into RE2 syntax with the same meaning, or throws
 * UserPatternError("unsupported") for what RE2 cannot do.
 */
function toRe2(p: string, flags: string): string {
  const unicode = flags.includes("u");
  const dotAll = flags.includes("s");
  const groups = countGroups(p);
  let out = "";
  let inClass = false;
  let i = 0;

  // One escape sequence starting at p[i] === "\\"; returns RE2 text and advances i.
  const escape = (): string => {
    const c = p[i + 1] as string;
    i += 2;
    switch (c) {
      case "d":
      case "D":
      case "w":
      case "W":
      case "f":
      case "n":
      case "r":
      case "t":
      case "v":
        return `\\${c}`;
      case "s":
        return inClass ? JS_SPACE : `[${JS_SPACE}]`;
      case "S":
        // In a class RE2's \S is kept: it differs from JavaScript's only on rare Unicode spaces.
        return inClass ? "\\S" : `[^${JS_SPACE}]`;
      case "b":
        return inClass ? "\\x08" : "\\b";
      case "B":
        return inClass ? "B" : "\\B";
      case "k":
        if (unicode || groups.named) unsupported("backreferences (\\1, \\k<name>) are");
        return "k";
      case "c": {
        const x = p[i] ?? "";
        if (/[A-Za-z]/.test(x) || (inClass && /[0-9_]/.test(x))) {
          i++;
          return hex(x.charCodeAt(0) % 32);
        }
        return "\\\\c"; // Annex B: a lone \c is a backslash followed by "c"
      }
      case "x": {
        const h = p.slice(i, i + 2);
        if (h.length === 2 && isHex(h)) {
          i += 2;
          return hex(parseInt(h, 16));
        }
        return "x";
      }
      case "u": {
        let cp: number | null = null;
        if (unicode && p[i] === "{") {
          const end = p.indexOf("}", i);
          cp = parseInt(p.slice(i + 1, end), 16);
          i = end + 1;
        } else if (isHex(p.slice(i, i + 4)) && p.slice(i, i + 4).length === 4) {
          cp = parseInt(p.slice(i, i + 4), 16);
          i += 4;
          const low = p.slice(i, i + 6);
          if (cp >= 0xd800 && cp <= 0xdbff && /^\\u[dD][c-fC-F][0-9a-fA-F]{2}$/.test(low)) {
            cp = 0x10000 + ((cp - 0xd800) << 10) + (parseInt(low.slice(2), 16) - 0xdc00);
            i += 6;
          }
        }
        if (cp === null) return "u";
        if (cp >= 0xd800 && cp <= 0xdfff) unsupported("lone surrogate escapes are");
        return hex(cp);
      }
      case "p":
      case "P": {
        if (!unicode) return c; // without u, \p is just "p"
        const end = p.indexOf("}", i);
        // RE2 knows general categories and scripts by their short names: \p{Lu}, \p{Greek}.
        const name = p.slice(i + 1, end).replace(/^(General_Category|gc|Script|sc)=/, "");
        i = end + 1;
        return `\\${c}{${name}}`;
      }
      case "0":
      case "1":
      case "2":
      case "3":
      case "4":
      case "5":
      case "6":
      case "7":
      case "8":
      case "9": {
        const digits = /^\d+/.exec(p.slice(i - 1))?.[0] as string;
        if (!inClass && c !== "0" && Number(digits) <= groups.count) unsupported("backreferences (\\1, \\k<name>) are");
        // Otherwise a legacy octal escape (Annex B), e.g. \0 or \012; \8 and \9 are the digits.
        const octal = /^[0-7]{1,3}/.exec(p.slice(i - 1))?.[0];
        if (!octal) return c;
        const len = parseInt(octal, 8) > 0o377 ? 2 : octal.length;
        i += len - 1;
        return hex(parseInt(octal.slice(0, len), 8));
      }
      default: {
        // An identity escape: punctuation stays escaped, anything else is itself (Annex B).
        const cp = p.codePointAt(i - 1) as number;
        const ch = String.fromCodePoint(cp);
        i += ch.length - 1;
        return cp < 0x80 && !isAsciiAlnum(ch) ? `\\${ch}` : ch;
      }
    }
  };

  while (i < p.length) {
    const c = p[i] as string;
    if (c === "\\") {
      out += escape();
    } else if (inClass) {
      if (c === "]") inClass = false;
      // A "[" inside a class is literal in JavaScript; to RE2 "[:" would start a POSIX class.
      out += c === "[" ? "\\[" : c;
      i++;
    } else if (c === "[") {
      // JavaScript's [] matches nothing and [^] anything; to RE2 a leading ] is a literal.
      if (p.startsWith("[]", i)) {
        out += "[^\\x00-\\x{10ffff}]";
        i += 2;
      } else if (p.startsWith("[^]", i)) {
        out += "[\\x00-\\x{10ffff}]";
        i += 3;
      } else {
        inClass = true;
        const neg = p[i + 1] === "^";
        out += neg ? "[^" : "[";
        i += neg ? 2 : 1;
      }
    } else if (c === "(" && p[i + 1] === "?") {
      if (p[i + 2] === "=" || p[i + 2] === "!") unsupported("lookahead (?=…) and (?!…) is");
      if (p[i + 2] === "<" && (p[i + 3] === "=" || p[i + 3] === "!")) unsupported("lookbehind (?<=…) and (?<!…) is");
      if (p[i + 2] === "<") {
        out += "(?P<";
        i += 3;
      } else {
        out += "(?";
        i += 2;
      }
    } else if (c === "." && !dotAll) {
      out += JS_DOT;
      i++;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

function checkFlags(flags: string): void {
  if (!/^[imsu]*$/.test(flags) || new Set(flags).size !== flags.length) {
    throw new UserPatternError("flags", `flags must be distinct letters from "imsu", got ${JSON.stringify(flags)}`);
  }
}

function compileUncached(pattern: string, flags: string): TUserRegex {
  checkFlags(flags);
  try {
    new RegExp(pattern, flags); // syntax check only: compiling a RegExp does not backtrack
  } catch (e) {
    throw new UserPatternError("syntax", (e as Error).message);
  }
  let re: RE2JS;
  try {
    re = RE2JS.compile(
      toRe2(pattern, flags),
      (flags.includes("i") ? RE2JS.CASE_INSENSITIVE : 0) |
        (flags.includes("m") ? RE2JS.MULTILINE : 0) |
        (flags.includes("s") ? RE2JS.DOTALL : 0),
    );
  } catch (e) {
    if (!(e instanceof RE2JSException)) throw e;
    const detail = e.message.replace(/^error parsing regexp: /, "");
    throw new UserPatternError("unsupported", `not supported by the linear-time engine (RE2): ${detail}`);
  }
  return {
    source: pattern,
    flags,
    test: (input) => re.test(input),
    exec: (input) => {
      const m = re.exec(input) as (RegExpExecArray & { groups?: Record<string, string | undefined> }) | null;
      if (!m) return null;
      return { text: m[0], index: m.index, groups: m.groups ? { ...m.groups } : null };
    },
    toString: () => `/${pattern}/${flags}`,
  };
}

// Compiling costs ~0.4 ms; graders compile the same pattern for every item they score.
const CACHE_SIZE = 256;
const cache = new Map<string, TUserRegex>();

/**
 * Compiles a user-supplied pattern with JavaScript flags ("i", "m", "s", "u"; "g" and "y" are
 * refused: they make matching stateful). Throws UserPatternError: kind "syntax" for what
 * JavaScript rejects, "unsupported" for lookarounds, backreferences and other constructs RE2
 * cannot run, "flags" for bad flags.
 */
export function compileUserPattern(pattern: string, flags = ""): TUserRegex {
  const key = `${flags}/${pattern}`;
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const re = compileUncached(pattern, flags);
  cache.set(key, re);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  return re;
}

/** The UserPatternError compiling `pattern` would throw, or null when it is usable. */
export function userPatternProblem(pattern: string, flags = ""): UserPatternError | null {
  try {
    compileUserPattern(pattern, flags);
    return null;
  } catch (e) {
    if (e instanceof UserPatternError) return e;
    throw e;
  }
}
