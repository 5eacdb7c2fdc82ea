import { describe, expect, it } from "vitest";
import { GraderConfigError } from "./errors";
import { compileRegex, hasNestedQuantifier, regexMatch } from "./regex-match";

const out = (output: string) => ({ output });

describe("regexMatch", () => {
  it("matches, reports the match, honours flags and negate", () => {
    const r = regexMatch({ pattern: "order #(?<id>\\d+)", flags: "i" }, out("Your ORDER #123 shipped"));
    expect(r.pass).toBe(true);
    expect(r.details).toMatchObject({ match: "ORDER #123", index: 5, groups: { id: "123" } });
    expect(regexMatch({ pattern: "^\\d+$" }, out("12a")).pass).toBe(false);
    expect(regexMatch({ pattern: "sorry", negate: true, flags: "i" }, out("Sorry!")).pass).toBe(false);
    expect(regexMatch({ pattern: "sorry", negate: true }, out("Here you go")).pass).toBe(true);
    expect(regexMatch({ pattern: "^$" }, out("")).pass).toBe(true);
    expect(regexMatch({ pattern: "\\p{Lu}", flags: "u" }, out("élan Été")).pass).toBe(true);
  });

  it("invalid patterns and flags are config errors naming the field", () => {
    expect(() => regexMatch({ pattern: "(" }, out("x"))).toThrow(GraderConfigError);
    try {
      compileRegex({ pattern: "[a-" });
    } catch (e) {
      expect((e as GraderConfigError).field).toBe("pattern");
    }
    expect(() => compileRegex({ pattern: "a", flags: "g" })).toThrow(/flags/);
    expect(() => compileRegex({ pattern: "a", flags: "ii" })).toThrow(/flags/);
  });

  it("refuses backtracking-prone patterns unless allowed", () => {
    expect(() => compileRegex({ pattern: "^(a+)+$" })).toThrow(/nested quantifiers/);
    expect(() => compileRegex({ pattern: "(\\d+,)*\\d+", allowNestedQuantifiers: true })).not.toThrow();
  });

  it("a backtracking-prone pattern the nested-quantifier check misses answers at once", () => {
    // (a|a)* has no nested quantifier; with RegExp this took ~40 s and blocked the process.
    const t0 = performance.now();
    const r = regexMatch({ pattern: "(a|a)*$" }, out("a".repeat(30) + "!"));
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(r.pass).toBe(true);
    expect(regexMatch({ pattern: "^(a|aa)*$", negate: true }, out("a".repeat(30) + "!")).pass).toBe(true);
  });

  it("lookarounds and backreferences are config errors on the pattern field", () => {
    expect(() => compileRegex({ pattern: "foo(?=bar)" })).toThrow(/^pattern: lookahead .* not supported/);
    expect(() => compileRegex({ pattern: "(?<!un)safe" })).toThrow(/^pattern: lookbehind/);
    expect(() => compileRegex({ pattern: "(\\w)\\1" })).toThrow(/^pattern: backreferences/);
  });

  it("fails outputs over maxInputChars instead of matching them", () => {
    const r = regexMatch({ pattern: "a", maxInputChars: 10 }, out("a".repeat(11)));
    expect(r.pass).toBe(false);
    expect(r.details.error).toBe("input_too_long");
  });
});

describe("hasNestedQuantifier", () => {
  it.each([
    ["(a+)+", true],
    ["(a*)*b", true],
    ["(\\w+\\s?)*$", true],
    ["(?:x+y?){2,}", true],
    ["((ab)+c)+", true],
    ["(a+){1,10}", true],
    ["(a|b)+", false],
    ["a+b+c*", false],
    ["(ab)+", false],
    ["(a+)?", false],
    ["(a+){1}", false],
    ["[(a+)]+", false],
    ["\\(a+\\)+", false],
    ["(?<n>a+)x", false],
    ["(?<=a+)b+", false],
    ["a{2,3}", false],
  ])("%s → %s", (p, expected) => {
    expect(hasNestedQuantifier(p)).toBe(expected);
  });
});
