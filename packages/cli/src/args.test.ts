import { describe, expect, it } from "vitest";
import { keyValues, list, number, parse } from "./args";
import { type CliError } from "./errors";
import { gatePlan, partitionsOf } from "./commands/gate";
import type { TIo } from "./io";

const io = { env: {}, cwd: "/", out: () => {}, err: process.stderr } as unknown as TIo;
const usage = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    expect((e as CliError).kind).toBe("usage");
    return (e as CliError).message;
  }
  throw new Error("expected a usage error");
};
const usageAsync = async (p: Promise<unknown>) => {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect((e as CliError).kind).toBe("usage");
  return (e as CliError).message;
};

describe("argument helpers", () => {
  it("parses lists, numbers and name=value pairs, naming the flag when wrong", () => {
    expect(list(" a, b ,,c")).toEqual(["a", "b", "c"]);
    expect(list(",")).toBeUndefined();
    expect(number("0.05", "--min-effect", { min: 0, max: 1 })).toBe(0.05);
    expect(usage(() => number("5%", "--min-effect", { min: 0, max: 1 }))).toBe(
      '--min-effect must be a number ≥ 0 and ≤ 1, got "5%"',
    );
    expect(usage(() => number("2.5", "--repeats", { min: 1, integer: true }))).toBe(
      '--repeats must be a whole number ≥ 1, got "2.5"',
    );
    expect(keyValues("tone=0.8, accuracy=0.9", "--thresholds")).toEqual({ tone: 0.8, accuracy: 0.9 });
    expect(usage(() => keyValues("tone", "--thresholds"))).toContain("name=value");
    expect(usage(() => parse(["--nope"], {}, "gate"))).toBe("gate: Unknown option '--nope'");
    expect(usage(() => partitionsOf("golden,gold", "--partitions"))).toContain('"gold" is not a partition');
  });
});

describe("gate arguments", () => {
  const base = { dataset: "support@2", prompt: "answerer@candidate", graders: "exact,tone" };

  it("builds the plan: thresholds, partitions, baseline prompt vs baseline run", async () => {
    const plan = await gatePlan(
      {
        ...base,
        baseline: "production",
        thresholds: "exact=0.9",
        partitions: "golden,regression",
        "min-effect": "0.05",
      },
      { ...io, env: { GITHUB_SHA: "0123456789abcdef0123456789abcdef01234567" } },
      null,
    );
    expect(plan).toMatchObject({
      dataset: "support@2",
      prompt: "answerer@candidate",
      baseline: "production",
      graders: [{ name: "exact", threshold: 0.9 }, { name: "tone" }],
      partitions: ["golden", "regression"],
      minEffect: 0.05,
      gitCommit: "0123456789abcdef0123456789abcdef01234567",
    });
    const byRun = await gatePlan({ ...base, baseline: "run:cabc" }, io, null);
    expect(byRun).toMatchObject({ baselineRunId: "cabc" });
    expect(byRun).not.toHaveProperty("baseline");
  });

  it("refuses what would fail later, before any request", async () => {
    expect(await usageAsync(gatePlan({ ...base, prompt: "answerer" }, io, null))).toContain(
      "--prompt is <name>@<label|version>",
    );
    expect(await usageAsync(gatePlan({ prompt: "a@b", graders: "x" }, io, null))).toBe(
      "gate: --dataset is required (see yardstick gate --help)",
    );
    expect(await usageAsync(gatePlan({ ...base, graders: undefined }, io, null))).toContain("--graders is required");
    expect(await usageAsync(gatePlan({ ...base, threshold: "0.9", thresholds: "exact=0.8" }, io, null))).toBe(
      "give --threshold or --thresholds, not both",
    );
    expect(await usageAsync(gatePlan({ ...base, thresholds: "other=0.8" }, io, null))).toContain(
      '"other", which is not in --graders',
    );
    expect(await usageAsync(gatePlan({ ...base, metric: "median" }, io, null))).toContain(
      "--metric is passRate or meanScore",
    );
  });
});
