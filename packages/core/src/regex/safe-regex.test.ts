import { describe, expect, it } from "vitest";
import { compileUserPattern, userPatternProblem, UserPatternError } from "./safe-regex";

const native = (p: string, f: string, s: string) => {
  const m = new RegExp(p, f).exec(s);
  return m && { text: m[0], index: m.index, groups: m.groups ? { ...m.groups } : null };
};

/** Milliseconds one call takes (the best of three, to shrug off a busy machine). */
function ms(fn: () => unknown): number {
  let best = Infinity;
  for (let k = 0; k < 3; k++) {
    const t0 = performance.now();
    fn();
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

describe("compileUserPattern: same answers as RegExp for ordinary patterns", () => {
  const inputs = [
    "",
    "claude-sonnet-4-6",
    "anthropic.claude-haiku-4-5-20251001-v1:0",
    "GPT-4o-mini-2024-07-18",
    "Your ORDER #123 shipped",
    "line one\r\nline two\nthird\u2028fourth",
    "tab\there\u00a0nbsp\u202fnarrow\vvt",
    "élan Été Straße ΑΒΓ 😀 x",
    "a/b\\c [x] {y} (z) $5.00 ^caret",
    "\u0000nul\u0001soh\bbs",
    "x\ry x\u2028y x\ny xzy",
    "8 \u0020 0 - \\c1 \u0011 p{L}",
  ];
  const cases: Array<[string, string]> = [
    ["^claude-sonnet-4-6", "i"],
    ["^claude-(sonnet|haiku)-4-[56](-\\d{8})?$", "i"],
    ["claude.*haiku", "i"],
    ["order #(?<id>\\d+)", "i"],
    ["^\\d+$", ""],
    ["\\p{Lu}", "u"],
    ["\\p{Script=Greek}+", "u"],
    ["^$", ""],
    ["^line", "m"],
    ["two$", "m"],
    ["one.line", ""],
    ["one.line", "s"],
    ["one\\s+line", ""],
    ["\\S+\\s\\S+", ""],
    ["[\\s\\S]{3}", ""],
    ["nbsp\\s", ""],
    ["vt\\W", ""],
    ["[^\\w\\s]", ""],
    ["\\bv1\\b", ""],
    ["\\Bo", ""],
    ["x]", ""],
    ["\\[x\\]", ""],
    ["[[]", ""],
    ["[[:alpha:]]", ""],
    ["[]", ""],
    ["[^]", ""],
    ["a\\/b\\\\c", ""],
    ["\\$5\\.00", ""],
    ["\\^caret", ""],
    ["{y}", ""],
    ["a{,2}", ""],
    ["\\u00e9", ""],
    ["\\u{1F600}", "u"],
    ["\\uD83D\\uDE00", ""],
    ["\\x41|\\x62s", "i"],
    ["\\cI", ""],
    ["[\\b]", ""],
    ["\\0", ""],
    ["\\001", ""],
    ["\\e\\l", ""],
    ["Stra\\u00dfe", "i"],
    ["été", "i"],
    ["ΑΒΓ", "i"],
    ["(?:sonnet|haiku)-(\\d)-(\\d)", ""],
    ["\\d+?", ""],
    ["[a-z]+-\\d{1,2}", ""],
    ["[^-a-z]", ""],
    ["\\-\\d", ""],
    ["\\.", ""],
    ["é|😀", "u"],
    [".", "u"],
    ["x.y", ""],
    ["\\8", ""],
    ["\\400", ""],
    ["[\\s-]", ""],
    ["\\c1", ""],
    ["[\\c1]", ""],
    ["\\p{L}", ""],
    ["x.y", "s"],
    ["x[^z]y", ""],
  ];
  it.each(cases)("/%s/%s", (pattern, flags) => {
    const re = compileUserPattern(pattern, flags);
    for (const s of inputs) {
      expect(re.exec(s), JSON.stringify(s)).toEqual(native(pattern, flags, s));
      expect(re.test(s), JSON.stringify(s)).toBe(new RegExp(pattern, flags).test(s));
    }
  });
});

describe("compileUserPattern: rejects what RE2 cannot run, naming it", () => {
  it.each([
    ["(?=a)b", /^lookahead .* not supported: patterns run on a linear-time engine/],
    ["a(?!b)", /^lookahead/],
    ["(?<=a)b", /^lookbehind/],
    ["(?<!a)b", /^lookbehind/],
    ["(a)\\1", /^backreferences/],
    ["(?<n>a)\\k<n>", /^backreferences/],
    ["a{1001}", /^not supported by the linear-time engine \(RE2\): invalid repeat count/],
  ])("%s", (pattern, reason) => {
    const e = userPatternProblem(pattern);
    expect(e).toBeInstanceOf(UserPatternError);
    expect(e!.kind).toBe("unsupported");
    expect(e!.reason).toMatch(reason);
  });

  it("what JavaScript rejects is a syntax error; bad flags are a flags error", () => {
    expect(userPatternProblem("(")).toMatchObject({
      kind: "syntax",
      reason: expect.stringMatching(/Invalid regular expression/),
    });
    expect(userPatternProblem("a", "g")).toMatchObject({ kind: "flags" });
    expect(userPatternProblem("a", "ii")).toMatchObject({ kind: "flags" });
    expect(() => compileUserPattern("[a-")).toThrow(UserPatternError);
    expect(userPatternProblem("a+b", "imsu")).toBeNull();
  });

  it("a lookahead or backreference inside a class is literal and allowed", () => {
    expect(compileUserPattern("[(?=]").test("=")).toBe(true);
    expect(compileUserPattern("[\\1]").test("\u0001")).toBe(true);
    expect(compileUserPattern("\\1").test("\u0001")).toBe(true); // no group 1: a legacy octal escape
  });
});

describe("compileUserPattern: linear time on catastrophic-backtracking patterns", () => {
  const evil = "a".repeat(30) + "!"; // /(a|a)*$/ takes minutes on this with RegExp
  it.each([
    ["(a|a)*$", "i", true],
    ["^(a+)+$", "i", false],
    ["^(a|aa)+$", "", false],
    ["^(\\w+\\s?)*$", "", false],
    ["^(.*a){20}$", "", false],
  ])("/%s/%s answers at once", (pattern, flags, expected) => {
    const re = compileUserPattern(pattern, flags);
    expect(ms(() => expect(re.test(evil)).toBe(expected))).toBeLessThan(200);
    expect(ms(() => re.exec(evil))).toBeLessThan(200);
  });

  it("doubling the input about doubles the time (linear, not exponential)", () => {
    const re = compileUserPattern("^(a|a)*$");
    const t1 = ms(() => re.exec("a".repeat(20_000) + "!"));
    const t2 = ms(() => re.exec("a".repeat(40_000) + "!"));
    // Backtracking would not finish at all; a linear engine's ratio is ~2 (4× leaves room for noise).
    expect(t2).toBeLessThan(Math.max(4 * t1, 50));
  });
});
