import { describe, expect, it } from "vitest";
import cases from "./__fixtures__/growthbook-cases.json";
import { chooseVariation, fnv32a, getBucketRanges, getEqualWeights, hash, inRange, type VariationRange } from "./index";

type HashCase = [string, string, number, number | null];
type RangeCase = [string, [number, number, number[] | null], VariationRange[]];
type ChooseCase = [string, number, VariationRange[], number];

const round = (x: number): number => Math.round(x * 1e6) / 1e6;

describe("GrowthBook published cases (sdk-js/test/cases.json)", () => {
  it.each(cases.hash as HashCase[])("hash(%j, %j, v%i) = %j", (seed, value, version, expected) => {
    expect(hash(seed, value, version)).toBe(expected);
  });

  it.each(cases.getBucketRange as RangeCase[])("getBucketRanges: %s", (_name, [n, coverage, weights], expected) => {
    const ranges = getBucketRanges(n, coverage, weights ?? undefined);
    // GrowthBook's own test rounds to 6 decimals (0.4 + 0.5999 is not exactly 0.9999 in binary)
    expect(ranges.map(([a, b]) => [round(a), round(b)])).toEqual(expected);
  });

  it.each(cases.chooseVariation as ChooseCase[])("chooseVariation: %s", (_name, n, ranges, expected) => {
    expect(chooseVariation(n, ranges)).toBe(expected);
  });

  it.each(cases.getEqualWeights as [number, number[]][])("getEqualWeights(%i)", (n, expected) => {
    expect(getEqualWeights(n).map((w) => Math.round(w * 1e8) / 1e8)).toEqual(expected);
  });

  it.each(cases.runBuckets.cases as HashCase[])(
    "bucket of %j/%j v%i = %j (feature/run sections)",
    (seed, value, v, bucket) => {
      expect(hash(seed, value, v)).toBe(bucket);
    },
  );
});

describe("fnv32a / inRange", () => {
  it("matches the FNV-1a 32-bit reference values", () => {
    // offset basis for "", and the published test vector for "a"
    expect(fnv32a("")).toBe(0x811c9dc5);
    expect(fnv32a("a")).toBe(0xe40c292c);
    expect(fnv32a("foobar")).toBe(0xbf9cf968);
  });
  it("hashes UTF-16 code units (non-ASCII is stable)", () => {
    expect(fnv32a("é")).toBe(fnv32a("\u00e9"));
    expect(hash("s", "日本", 2)).toBe(hash("s", "日本", 2));
    expect(hash("s", "日本", 2)).not.toBe(hash("s", "日本語", 2));
  });
  it("inRange is half-open", () => {
    expect(inRange(0.5, [0, 0.5])).toBe(false);
    expect(inRange(0, [0, 0.5])).toBe(true);
    expect(inRange(0.5, [0.5, 0.5])).toBe(false);
  });
});
